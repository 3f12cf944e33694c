import { Link } from 'react-router';
import { useTitle } from '../lib/use-title.ts';
import { PageHeader } from './ui.tsx';

export function NotFoundPage() {
  useTitle('Not found');
  return (
    <div className="page">
      <PageHeader title="Nothing here" subtitle="This page does not exist (or no longer does)." />
      <Link to="/" className="btn btn--primary btn--md">
        Go to the start
      </Link>
    </div>
  );
}
