import { PageHeading, useTitle } from '../components/common.tsx';
import { useI18n } from '../i18n/index.ts';
import { paths } from '../router.ts';

export function NotFoundScreen() {
  const { t } = useI18n();
  useTitle(t.notFoundTitle);
  return <NotFoundContent />;
}

/** Also used by the service and unit screens when the id does not exist. */
export function NotFoundContent() {
  const { t } = useI18n();
  return (
    <div data-state="not-found">
      <PageHeading>{t.notFoundTitle}</PageHeading>
      <p>{t.notFoundBody}</p>
      <p>
        <a class="hds-link hds-link--medium block-link" href={paths.home()}>
          {t.backToHome}
        </a>
      </p>
    </div>
  );
}
