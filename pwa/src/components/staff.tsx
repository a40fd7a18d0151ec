/**
 * What every staff screen of a unit starts with: sign-in (back to this screen), the loading and
 * error states, the refusal for people without a role, and the units the person may see.
 */
import type { ComponentChildren } from 'preact';
import { Empty, ErrorState, Loading, PageHeading, useTitle } from './common.tsx';
import type { Me } from '../graphql/types.ts';
import { useI18n } from '../i18n/index.ts';
import { paths } from '../router.ts';
import { loadMe } from '../session.ts';
import { useSignedIn } from '../screens/AppointmentsScreen.tsx';
import { scopeGlobalId } from '../screens/StaffScreen.tsx';

/** The units whose appointments this person may see (unit-scoped roles). */
export function staffUnitIds(me: Me | null): string[] {
  if (!me) return [];
  const ids = me.user.roles
    .filter((g) => g.scopeType === 'UNIT')
    .map(scopeGlobalId)
    .filter((id): id is string => id !== null);
  return [...new Set(ids)].sort();
}

export function StaffUnitPage({
  title,
  here,
  children,
}: {
  title: string;
  /** This screen's address, to come back to after signing in. */
  here: string;
  children: (units: string[], me: Me) => ComponentChildren;
}) {
  const { t, lang } = useI18n();
  const session = useSignedIn(here);
  useTitle(title);
  const heading = <PageHeading>{title}</PageHeading>;

  if (session.status === 'error') {
    return (
      <>
        {heading}
        <ErrorState error={session.error} onRetry={() => loadMe(lang).catch(() => undefined)} />
      </>
    );
  }
  if (session.status === 'loading' || !session.me) {
    return (
      <>
        {heading}
        <Loading />
      </>
    );
  }
  if (!session.me.isStaff) {
    return (
      <div data-state="forbidden">
        <PageHeading>{t.staffForbiddenTitle}</PageHeading>
        <p class="lead">{t.staffForbiddenBody}</p>
      </div>
    );
  }
  const units = staffUnitIds(session.me);
  return (
    <>
      <p>
        <a class="hds-link back-link" href={paths.staff()} id="back-link">
          <span class="hds-icon hds-icon--arrow-left hds-icon--size-s" aria-hidden="true" />
          <span>{t.staffTitle}</span>
        </a>
      </p>
      {heading}
      {units.length ? children(units, session.me) : <Empty>{t.staffNoUnits}</Empty>}
    </>
  );
}
