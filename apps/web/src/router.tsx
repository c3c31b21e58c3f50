import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, Outlet } from 'react-router';
import type { Permission } from '@cg/domain';
import { AuthProvider } from './auth/AuthProvider';
import { RequireAuth } from './auth/RequireAuth';
import { RequirePermission } from './auth/RequirePermission';
import { PageLoading } from './components/PageLoading';
import { AppLayout } from './layout/AppLayout';

// Every screen is its own chunk; the shell (layout + login) stays small.
const LoginPage = lazy(() => import('./pages/LoginPage'));
const DashboardPage = lazy(() => import('./pages/DashboardPage'));
const UnitsPage = lazy(() => import('./pages/UnitsPage'));
const OfficersPage = lazy(() => import('./pages/OfficersPage'));
const OfficerDetailPage = lazy(() => import('./pages/OfficerDetailPage'));
const EquipmentPage = lazy(() => import('./pages/EquipmentPage'));
const EquipmentDetailPage = lazy(() => import('./pages/EquipmentDetailPage'));
const EquipmentOverviewPage = lazy(() => import('./pages/EquipmentOverviewPage'));
const EquipmentDocumentsPage = lazy(() => import('./pages/EquipmentDocumentsPage'));
const EquipmentCategoriesPage = lazy(() => import('./pages/EquipmentCategoriesPage'));
const EquipmentTagPage = lazy(() => import('./pages/EquipmentTagPage'));
const InventoryPage = lazy(() => import('./pages/InventoryPage'));
const InventoryRoundPage = lazy(() => import('./pages/InventoryRoundPage'));
const CommandPage = lazy(() => import('./pages/CommandPage'));
const TrackingStatsPage = lazy(() => import('./pages/TrackingStatsPage'));
const DispatchPage = lazy(() => import('./pages/DispatchPage'));
const FieldPage = lazy(() => import('./pages/FieldPage'));
const FieldComplaintPage = lazy(() => import('./pages/field/FieldComplaintPage'));
const FieldReportPage = lazy(() => import('./pages/field/FieldReportPage'));
const UsersPage = lazy(() => import('./pages/UsersPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));
const ComplaintsPage = lazy(() => import('./pages/complaints/ComplaintsPage'));
const ComplaintIntakePage = lazy(() => import('./pages/complaints/ComplaintIntakePage'));
const ComplaintDetailPage = lazy(() => import('./pages/complaints/ComplaintDetailPage'));
const ComplaintCategoriesPage = lazy(() => import('./pages/complaints/ComplaintCategoriesPage'));
const WorkCalendarPage = lazy(() => import('./pages/complaints/WorkCalendarPage'));
const ComplaintStatsPage = lazy(() => import('./pages/complaints/ComplaintStatsPage'));
const DutyPlansPage = lazy(() => import('./pages/duty/DutyPlansPage'));
const OfficerFilePage = lazy(() => import('./pages/duty/OfficerFilePage'));
const LeavesPage = lazy(() => import('./pages/duty/LeavesPage'));
const DutyIndicatorsPage = lazy(() => import('./pages/duty/DutyIndicatorsPage'));
const InfrastructurePage = lazy(() => import('./pages/infrastructure/InfrastructurePage'));
const FieldDutyPage = lazy(() => import('./pages/field/FieldDutyPage'));
const EvaluationDashboardPage = lazy(() => import('./pages/evaluation/EvaluationDashboardPage'));
const SelfAssessmentPage = lazy(() => import('./pages/evaluation/SelfAssessmentPage'));
const RoundsPage = lazy(() => import('./pages/evaluation/RoundsPage'));
const RoundDetailPage = lazy(() => import('./pages/evaluation/RoundDetailPage'));
const ApplicantScorePage = lazy(() => import('./pages/evaluation/ApplicantScorePage'));
const RubricsPage = lazy(() => import('./pages/evaluation/RubricsPage'));
const RubricEditorPage = lazy(() => import('./pages/evaluation/RubricEditorPage'));
const InspectionListPage = lazy(() => import('./pages/field/InspectionListPage'));
const InspectionPage = lazy(() => import('./pages/field/InspectionPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

function page(Component: ComponentType, permission?: Permission): ReactNode {
  const content = (
    <Suspense fallback={<PageLoading />}>
      <Component />
    </Suspense>
  );
  return permission ? <RequirePermission permission={permission}>{content}</RequirePermission> : content;
}

function Root() {
  return (
    <AuthProvider>
      <Outlet />
    </AuthProvider>
  );
}

export const router = createBrowserRouter([
  {
    element: <Root />,
    children: [
      {
        path: '/login',
        element: (
          <Suspense fallback={<PageLoading fullScreen />}>
            <LoginPage />
          </Suspense>
        ),
      },
      {
        path: '/',
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [
          { index: true, element: page(DashboardPage) },
          { path: 'units', element: page(UnitsPage, 'unit.read') },
          { path: 'officers', element: page(OfficersPage, 'officer.read') },
          { path: 'officers/:id', element: page(OfficerDetailPage, 'officer.read') },
          { path: 'equipment', element: page(EquipmentPage, 'equipment.read') },
          { path: 'equipment/overview', element: page(EquipmentOverviewPage, 'equipment.read') },
          { path: 'equipment/documents', element: page(EquipmentDocumentsPage, 'equipment.read') },
          { path: 'equipment/categories', element: page(EquipmentCategoriesPage, 'equipment.read') },
          { path: 'equipment/tag/:tag', element: page(EquipmentTagPage, 'equipment.read') },
          { path: 'equipment/:id', element: page(EquipmentDetailPage, 'equipment.read') },
          { path: 'inventory', element: page(InventoryPage, 'equipment.read') },
          { path: 'inventory/:id', element: page(InventoryRoundPage, 'equipment.read') },
          { path: 'command', element: page(CommandPage, 'tracking.read') },
          { path: 'command/stats', element: page(TrackingStatsPage, 'tracking.read') },
          { path: 'command/dispatch', element: page(DispatchPage, 'tracking.read') },
          { path: 'field', element: page(FieldPage, 'dispatch.handle') },
          { path: 'field/duty', element: page(FieldDutyPage, 'duty.self') },
          { path: 'field/inspect', element: page(InspectionListPage, 'evaluation.inspect') },
          { path: 'field/inspect/:applicantId', element: page(InspectionPage, 'evaluation.inspect') },
          { path: 'evaluation', element: page(EvaluationDashboardPage, 'evaluation.read') },
          { path: 'evaluation/self', element: page(SelfAssessmentPage, 'evaluation.read') },
          { path: 'evaluation/rounds', element: page(RoundsPage, 'evaluation.read') },
          { path: 'evaluation/rounds/:id', element: page(RoundDetailPage, 'evaluation.read') },
          { path: 'evaluation/applicants/:id', element: page(ApplicantScorePage, 'evaluation.read') },
          { path: 'evaluation/rubrics', element: page(RubricsPage, 'evaluation.read') },
          { path: 'evaluation/rubrics/:id', element: page(RubricEditorPage, 'evaluation.read') },
          { path: 'field/complaints/new', element: page(FieldReportPage, 'complaint.handle') },
          { path: 'field/complaints/:id', element: page(FieldComplaintPage, 'complaint.handle') },
          { path: 'complaints', element: page(ComplaintsPage, 'complaint.read') },
          { path: 'complaints/new', element: page(ComplaintIntakePage, 'complaint.write') },
          { path: 'complaints/categories', element: page(ComplaintCategoriesPage, 'complaint.read') },
          { path: 'complaints/calendar', element: page(WorkCalendarPage, 'complaint.read') },
          { path: 'complaints/stats', element: page(ComplaintStatsPage, 'complaint.read') },
          { path: 'complaints/:id', element: page(ComplaintDetailPage, 'complaint.read') },
          { path: 'duty', element: page(DutyPlansPage, 'duty.read') },
          { path: 'duty/officers/:officerId', element: page(OfficerFilePage, 'duty.read') },
          { path: 'duty/leaves', element: page(LeavesPage, 'duty.read') },
          { path: 'duty/indicators', element: page(DutyIndicatorsPage, 'duty.read') },
          { path: 'infrastructure', element: page(InfrastructurePage, 'infra.read') },
          { path: 'users', element: page(UsersPage, 'user.read') },
          { path: 'audit', element: page(AuditPage, 'audit.read') },
          { path: '*', element: page(NotFoundPage) },
        ],
      },
    ],
  },
]);
