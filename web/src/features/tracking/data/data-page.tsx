import { PageHeader } from '../../../components/ui.tsx';
import { useTitle } from '../../../lib/use-title.ts';
import { ExportSection } from './export-section.tsx';
import { ImportSection } from './import-section.tsx';

/** `/data`: import a file (Mosaic CSV or JSON, a Loop ZIP) and export everything. */
export function DataPage() {
  useTitle('Import & export');
  return (
    <div className="page page--narrow">
      <PageHeader title="Import & export" subtitle="Bring your history in from a file, or take all of it with you." />
      <ImportSection />
      <ExportSection />
    </div>
  );
}
