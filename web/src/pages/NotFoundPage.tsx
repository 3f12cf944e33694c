import { PageHeader } from '../components/ui.tsx';
import { useTitle } from '../lib/hooks.ts';
import { Link } from '../router.tsx';

export function NotFoundPage() {
  useTitle('Not found');
  return (
    <div className="page">
      <PageHeader title="Nothing here" subtitle="This page does not exist (or no longer does)." />
      <Link to="/today" className="btn btn--primary btn--md">
        Go to Today
      </Link>
    </div>
  );
}
