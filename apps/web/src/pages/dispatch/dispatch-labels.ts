import type { DispatchTaskStatus } from '../../api/types';

/** Tag colours of task and assignment states, shared by 指挥调度 and 移动执勤. */
export const TASK_STATUS_COLORS: Record<DispatchTaskStatus, string> = {
  pending: 'orange', dispatched: 'blue', received: 'cyan', arrived: 'geekblue', completed: 'green', cancelled: 'default',
};
