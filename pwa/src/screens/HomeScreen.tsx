import { Empty, ErrorState, Loading, PageHeading, useAnnounce, useTitle } from '../components/common.tsx';
import { SearchForm } from '../components/layout.tsx';
import { ServiceList } from '../components/lists.tsx';
import { useQuery } from '../graphql/hooks.ts';
import { HomeCategories } from '../graphql/operations.ts';
import { useI18n } from '../i18n/index.ts';
import { ReportEntry } from './ReportParts.tsx';

export function HomeScreen() {
  const { t } = useI18n();
  useTitle(t.homeTitle);
  const result = useQuery(HomeCategories, {});
  useAnnounce(result.status === 'ok' ? t.categoriesLoaded(result.data.serviceCategories.length) : null);

  return (
    <>
      <PageHeading>{t.homeTitle}</PageHeading>
      <p class="lead">{t.homeIntro}</p>
      <SearchForm />
      <ReportEntry />
      <section class="section" aria-labelledby="categories-heading">
        <h2 id="categories-heading" class="section__heading">
          {t.categoriesHeading}
        </h2>
        {result.status === 'loading' ? <Loading /> : null}
        {result.status === 'error' ? <ErrorState error={result.error} onRetry={result.retry} /> : null}
        {result.status === 'ok' && result.data.serviceCategories.length === 0 ? <Empty>{t.noCategories}</Empty> : null}
        {result.status === 'ok' && result.data.serviceCategories.length > 0 ? (
          <ul class="category-list" id="category-list">
            {result.data.serviceCategories.map((category) => (
              <li key={category.id} class="category-list__item" data-icon={category.icon}>
                <h3 class="category-list__name">{category.name}</h3>
                {category.description ? <p class="category-list__description">{category.description}</p> : null}
                <ServiceList services={category.services} />
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </>
  );
}
