import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { BrowserRouter } from 'react-router';
import { ToastProvider } from '../components/ui.tsx';
import { SessionProvider } from '../features/account/session.tsx';
import { CrashBoundary } from './crash-boundary.tsx';
import { createQueryClient } from './query-client.ts';
import { AppRoutes } from './routes.tsx';
import { OutboxRunner } from './shell/sync-status.tsx';

export function App() {
  const [queries] = useState(createQueryClient);
  return (
    <CrashBoundary>
      <QueryClientProvider client={queries}>
        <SessionProvider>
          <ToastProvider>
            <OutboxRunner />
            <BrowserRouter>
              <AppRoutes />
            </BrowserRouter>
          </ToastProvider>
        </SessionProvider>
      </QueryClientProvider>
    </CrashBoundary>
  );
}
