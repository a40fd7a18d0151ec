import { ErrorState, Loading, PageHeading, useAnnounce, useTitle } from '../components/common.tsx';
import { useQuery } from '../graphql/hooks.ts';
import { AppointmentTypes, UnitDetail } from '../graphql/operations.ts';
import type { DayHours, UnitDetailNode } from '../graphql/types.ts';
import { useI18n } from '../i18n/index.ts';
import {
  formatAddress,
  formatDay,
  formatIntervals,
  helsinkiToday,
  osmUrl,
  safeWebsite,
  telHref,
} from '../format.ts';
import { paths } from '../router.ts';
import { NotFoundContent } from './NotFoundScreen.tsx';

export function UnitScreen({ id }: { id: string }) {
  const { t } = useI18n();
  const result = useQuery(UnitDetail, { id });
  const unit: UnitDetailNode | null =
    result.status === 'ok' && result.data.node?.__typename === 'Unit' ? (result.data.node as UnitDetailNode) : null;
  const notFound =
    (result.status === 'ok' && !unit) ||
    (result.status === 'error' && (result.error.kind === 'notFound' || result.error.kind === 'badInput'));
  const title = unit?.name ?? (notFound ? t.notFoundTitle : t.unitFallbackTitle);
  useTitle(title);
  useAnnounce(unit ? unit.name : null);

  if (notFound) return <NotFoundContent />;

  return (
    <>
      <PageHeading>{title}</PageHeading>
      {result.status === 'loading' ? <Loading /> : null}
      {result.status === 'error' ? <ErrorState error={result.error} onRetry={result.retry} /> : null}
      {unit ? <BookEntry unitId={unit.id} /> : null}
      {unit ? <UnitDetails unit={unit} /> : null}
    </>
  );
}

/** What can be booked here: each appointment type opens the booking flow at its day step. */
function BookEntry({ unitId }: { unitId: string }) {
  const { t } = useI18n();
  const types = useQuery(AppointmentTypes, { unitId });
  if (types.status !== 'ok' || types.data.appointmentTypes.length === 0) return null;
  return (
    <section class="section card book-entry" aria-labelledby="book-heading" id="book-entry">
      <h2 id="book-heading" class="section__heading">
        {t.bookHeading}
      </h2>
      <ul class="plain-list">
        {types.data.appointmentTypes.map((type) => (
          <li key={type.id}>
            <a
              class="hds-button hds-button--primary"
              href={paths.book(type.service.id, { step: 'day', type: type.id })}
            >
              <span class="hds-button__label">{type.name}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function UnitDetails({ unit }: { unit: UnitDetailNode }) {
  const { t } = useI18n();
  const address = formatAddress(unit);
  return (
    <div class="unit">
      {unit.area ? <p class="meta-line">{unit.area}</p> : null}
      {unit.description ? <p class="lead">{unit.description}</p> : null}

      <div class="unit__grid">
        <section class="section card" aria-labelledby="opening-hours-heading" id="opening-hours">
          <h2 id="opening-hours-heading" class="section__heading">
            {t.openingHoursHeading}
          </h2>
          <OpeningHours days={unit.openingHours} />
        </section>

        <section class="section card" aria-labelledby="address-heading" id="address">
          <h2 id="address-heading" class="section__heading">
            {t.addressHeading}
          </h2>
          {address ? <p class="unit__address">{address}</p> : <p>{t.noAddress}</p>}
          {unit.location ? (
            <p>
              <a class="hds-link hds-link--medium block-link" href={osmUrl(unit.location.lat, unit.location.lon)} id="map-link">
                <span class="hds-icon hds-icon--location hds-icon--size-s" aria-hidden="true" />
                {t.showOnMap}
              </a>
            </p>
          ) : null}
        </section>

        <Contact unit={unit} />

        {unit.accessibility ? (
          <section class="section card" aria-labelledby="accessibility-heading">
            <h2 id="accessibility-heading" class="section__heading">
              {t.accessibilityHeading}
            </h2>
            <p class="preserve-lines">{unit.accessibility}</p>
          </section>
        ) : null}

        <section class="section card" aria-labelledby="unit-services-heading">
          <h2 id="unit-services-heading" class="section__heading">
            {t.unitServicesHeading}
          </h2>
          {unit.services.length ? (
            <ul class="result-list" id="unit-services">
              {unit.services.map((service) => (
                <li key={service.id} class="result-list__item">
                  <a class="result-list__link hds-link" href={paths.service(service.id)}>
                    {service.name}
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <p class="state-empty">{t.noUnitServices}</p>
          )}
        </section>
      </div>
    </div>
  );
}

function OpeningHours({ days }: { days: DayHours[] }) {
  const { t, lang, locale } = useI18n();
  if (!days.length) return <p class="state-empty">{t.noOpeningHours}</p>;
  const todayDate = helsinkiToday();
  const today = days.find((d) => d.date === todayDate) ?? null;
  const hoursText = (day: DayHours) =>
    day.closed || day.intervals.length === 0 ? t.closed : formatIntervals(day.intervals, lang);

  return (
    <>
      {today ? (
        <p class="hours-today" id="hours-today">
          <strong>
            {today.closed || today.intervals.length === 0
              ? t.todayClosed
              : t.todayHours(formatIntervals(today.intervals, lang))}
          </strong>
          {today.note ? <span class="hours-note"> ({today.note})</span> : null}
        </p>
      ) : null}
      <table class="hours-table" id="hours-week">
        <caption class="sr-only">{t.weekCaption}</caption>
        <thead class="sr-only">
          <tr>
            <th scope="col">{t.dayColumn}</th>
            <th scope="col">{t.hoursColumn}</th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => {
            const { weekday, date } = formatDay(day.date, locale);
            const isToday = day.date === todayDate;
            return (
              <tr key={day.date} class={isToday ? 'hours-table__today' : undefined} aria-current={isToday ? 'date' : undefined}>
                <th scope="row">
                  {weekday} {date}
                  {isToday ? <span class="hours-table__today-label"> ({t.today.toLowerCase()})</span> : null}
                </th>
                <td>
                  {hoursText(day)}
                  {day.note ? <span class="hours-note">{day.note}</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function Contact({ unit }: { unit: UnitDetailNode }) {
  const { t } = useI18n();
  const website = unit.website ? safeWebsite(unit.website) : null;
  const has = unit.phone || unit.email || website;
  return (
    <section class="section card" aria-labelledby="contact-heading" id="contact">
      <h2 id="contact-heading" class="section__heading">
        {t.contactHeading}
      </h2>
      {has ? (
        <dl class="contact-list">
          {unit.phone ? (
            <div class="contact-list__row">
              <dt>{t.phone}</dt>
              <dd>
                <a class="hds-link hds-link--medium block-link" href={telHref(unit.phone)}>
                  <span class="hds-icon hds-icon--phone hds-icon--size-s" aria-hidden="true" />
                  {unit.phone}
                </a>
              </dd>
            </div>
          ) : null}
          {unit.email ? (
            <div class="contact-list__row">
              <dt>{t.email}</dt>
              <dd>
                <a class="hds-link hds-link--medium block-link" href={`mailto:${unit.email}`}>
                  <span class="hds-icon hds-icon--envelope hds-icon--size-s" aria-hidden="true" />
                  {unit.email}
                </a>
              </dd>
            </div>
          ) : null}
          {website ? (
            <div class="contact-list__row">
              <dt>{t.website}</dt>
              <dd>
                <a class="hds-link hds-link--medium block-link" href={website}>
                  <span class="hds-icon hds-icon--globe hds-icon--size-s" aria-hidden="true" />
                  {website.replace(/^https?:\/\//, '').replace(/\/$/, '')}
                </a>
              </dd>
            </div>
          ) : null}
        </dl>
      ) : (
        <p class="state-empty">{t.noContact}</p>
      )}
    </section>
  );
}
