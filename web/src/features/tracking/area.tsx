import { useParams } from 'react-router';
import type { Area } from '../../app/area.ts';
import { ActivitiesPage } from './activities/activities-page.tsx';
import { ActivityFormPage } from './activities/activity-form-page.tsx';
import { ActivityStatsPage } from './activities/activity-stats-page.tsx';
import { DevicesPage } from '../devices/devices-page.tsx';
import { DashboardPage } from './dashboard/dashboard-page.tsx';
import { DataPage } from './data/data-page.tsx';
import { EntriesPage } from './entries/entries-page.tsx';
import { GoalFormPage } from './goals/goal-form-page.tsx';
import { GoalsPage } from './goals/goals-page.tsx';
import { GridPage } from './grid/grid-page.tsx';
import { ReportPage } from './report/report-page.tsx';
import { TodayPage } from './today/today-page.tsx';

// A page per id starts afresh when the id changes (its form state belongs to that one item).
function EditActivity() {
  const { id = '' } = useParams();
  return <ActivityFormPage key={id} id={id} />;
}
function ActivityStats() {
  const { id = '' } = useParams();
  return <ActivityStatsPage key={id} id={id} />;
}
function EditGoal() {
  const { id = '' } = useParams();
  return <GoalFormPage key={id} id={id} />;
}

/** Tracking: activities and habits, the day's entries, goals, analytics, import and export, devices. */
export const tracking: Area = {
  id: 'tracking',
  label: 'Tracking',
  icon: 'tracking',
  home: '/today',
  pages: [
    { to: '/today', label: 'Today', icon: 'today', primary: true },
    { to: '/dashboard', label: 'Dashboard', icon: 'dashboard', primary: true },
    { to: '/activities', label: 'Activities', icon: 'activities', primary: true },
    { to: '/goals', label: 'Goals', icon: 'goals', primary: true },
    { to: '/grid', label: 'Week grid', icon: 'entries' },
    { to: '/entries', label: 'Entries', icon: 'entries' },
    { to: '/data', label: 'Import & export', icon: 'data' },
    { to: '/devices', label: 'Devices', icon: 'devices' },
  ],
  paths: ['/today', '/grid', '/dashboard', '/report', '/activities', '/goals', '/entries', '/data', '/devices'],
  routes: [
    { path: '/today', element: <TodayPage /> },
    { path: '/grid', element: <GridPage /> },
    { path: '/dashboard', element: <DashboardPage /> },
    { path: '/report', element: <ReportPage /> },
    { path: '/activities', element: <ActivitiesPage /> },
    { path: '/activities/new', element: <ActivityFormPage key="new" /> },
    { path: '/activities/:id', element: <ActivityStats /> },
    { path: '/activities/:id/edit', element: <EditActivity /> },
    { path: '/goals', element: <GoalsPage /> },
    { path: '/goals/new', element: <GoalFormPage key="new" /> },
    { path: '/goals/:id/edit', element: <EditGoal /> },
    { path: '/entries', element: <EntriesPage /> },
    { path: '/data', element: <DataPage /> },
    { path: '/devices', element: <DevicesPage /> },
  ],
};
