// 台账 buttons of one item: only the moves the shared state machine (planLedgerAction) allows in the item's
// current state and the user may make (报废/遗失 need equipment.approve). Each opens a small form; 报废/遗失
// ask for confirmation with a reason in a Popconfirm.
import { useEffect, useState } from 'react';
import { Alert, App, Button, DatePicker, Flex, Form, Input, Modal, Popconfirm, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import {
  LEDGER_ACTION_LABELS, OFFICER_ASSIGNABLE_CODES, planLedgerAction, VEHICLE_FITTED_CODES, type LedgerPlan,
} from '@cg/domain';
import { isApiError } from '../../api/client';
import { equipmentApi } from '../../api/endpoints';
import type { EquipmentItem, LedgerActionInput, LedgerMove } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { OfficerPicker } from '../../components/OfficerPicker';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { errorMessage } from '../../lib/errors';
import { applyServerErrors, validated } from '../../lib/form-errors';
import { fmtDateTime } from '../../lib/format';

/** Button order on the page. */
export const LEDGER_MOVES: readonly LedgerMove[] = [
  'fit', 'unfit', 'assign', 'unassign', 'issue', 'return', 'report_fault', 'send_repair', 'repaired', 'maintain', 'scrap', 'lose',
  'found', 'transfer',
];

const DANGER_MOVES = new Set<LedgerMove>(['scrap', 'lose']);

interface MoveForm {
  /** Label of the officer field when the move names one (holder 'set'). */
  officer?: string;
  due?: boolean;
  unit?: boolean;
  /** The move names the vehicle the item goes into. */
  vehicle?: boolean;
  note: string;
  notePlaceholder?: string;
  noteRequired?: boolean;
}

const MOVE_FORMS: Record<LedgerMove, MoveForm> = {
  assign: { officer: '配发给', note: '说明', notePlaceholder: '如：个人配发' },
  unassign: { note: '说明', notePlaceholder: '如：人员调离、装备更换' },
  issue: { officer: '借用人员', due: true, note: '借用事由', notePlaceholder: '如：夜间专项整治' },
  return: { note: '说明', notePlaceholder: '归还时装备状况' },
  report_fault: { note: '故障描述', notePlaceholder: '如：无法开机、电池鼓包', noteRequired: true },
  send_repair: { note: '送修说明', notePlaceholder: '维修单位、送修单号等' },
  repaired: { note: '维修结果', notePlaceholder: '如：更换电池，检测正常' },
  maintain: { note: '保养内容', notePlaceholder: '如：清洁、充放电、固件升级' },
  scrap: { note: '报废原因', noteRequired: true },
  lose: { note: '遗失经过', noteRequired: true },
  found: { note: '找回经过', notePlaceholder: '何时、何处找回' },
  transfer: { unit: true, note: '调拨原因', notePlaceholder: '如：装备统筹调配' },
  fit: { vehicle: true, note: '说明', notePlaceholder: '如：安装位置、接线情况' },
  unfit: { note: '拆除原因', notePlaceholder: '如：车辆报废、终端更换' },
};

type OkPlan = Extract<LedgerPlan, { ok: true }>;

/** The moves this user can make on the item now, with what each would do. */
export function allowedMoves(
  item: Pick<EquipmentItem, 'status' | 'holderOfficerId' | 'holderVehicleId' | 'perOfficer' | 'categoryCode'>,
  can: (p: 'equipment.write' | 'equipment.approve') => boolean,
) {
  if (!can('equipment.write')) return [];
  const fittedToVehicle = Boolean(item.holderVehicleId);
  const ctx = { status: item.status, hasHolder: item.holderOfficerId !== null || fittedToVehicle, fittedToVehicle };
  const out: { action: LedgerMove; plan: OkPlan }[] = [];
  for (const action of LEDGER_MOVES) {
    const plan = planLedgerAction(action, ctx);
    if (!plan.ok) continue;
    // Shared equipment is lent (借用), not assigned; a 单兵 Beidou terminal is the exception.
    if (action === 'assign' && !item.perOfficer && !OFFICER_ASSIGNABLE_CODES.includes(item.categoryCode)) continue;
    if (action === 'fit' && !VEHICLE_FITTED_CODES.includes(item.categoryCode)) continue;
    if (plan.needsApproval && !can('equipment.approve')) continue;
    out.push({ action, plan });
  }
  return out;
}

interface Values {
  officerId?: string;
  vehicleId?: string;
  expectedReturnAt?: Dayjs;
  toUnitId?: string;
  note?: string;
}

const defaultDue = () => dayjs().add(1, 'day').second(0).millisecond(0);

function toInput(action: LedgerMove, v: Values): LedgerActionInput {
  const input: LedgerActionInput = { action };
  if (v.officerId) input.officerId = v.officerId;
  if (v.expectedReturnAt) input.expectedReturnAt = v.expectedReturnAt.toISOString();
  if (v.toUnitId) input.toUnitId = v.toUnitId;
  if (v.vehicleId) input.vehicleId = v.vehicleId;
  if (v.note?.trim()) input.note = v.note.trim();
  return input;
}

/** 执法车辆 in the user's scope, searched by plate or 资产编号. */
function VehiclePicker({ value, onChange, id }: { value?: string; onChange?: (v: string | undefined) => void; id?: string }) {
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const search = async (q: string) => {
    setLoading(true);
    try {
      const page = await equipmentApi.list({ group: '执法车辆', q: q.trim() || undefined, pageSize: 20, page: 1 });
      setOptions(page.items.filter((v) => v.status !== '报废' && v.status !== '遗失').map((v) => ({
        value: v.id,
        label: `${typeof v.attributes.plate === 'string' ? v.attributes.plate : '无牌照'} · ${v.assetTag} · ${v.unitName}`,
      })));
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void search('');
  }, []);
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: (q) => void search(q) }}
      value={value}
      onChange={onChange}
      options={options}
      loading={loading}
      placeholder="输入资产编号或型号搜索车辆"
      notFoundContent={loading ? '搜索中…' : '没有可选的车辆'}
    />
  );
}

interface ModalProps {
  item: EquipmentItem;
  move: { action: LedgerMove; plan: OkPlan } | null;
  onClose: () => void;
  onDone: () => void;
  onRefused: (message: string) => void;
}

function LedgerMoveModal({ item, move, onClose, onDone, onRefused }: ModalProps) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const action = move?.action;
  const spec = action ? MOVE_FORMS[action] : undefined;
  const label = action ? LEDGER_ACTION_LABELS[action] : '';

  useEffect(() => {
    if (!move) return;
    form.resetFields();
    setError(null);
    if (move.action === 'issue') form.setFieldsValue({ expectedReturnAt: defaultDue() });
  }, [move, form]);

  const submit = async () => {
    if (!action) return;
    const v = await validated(form);
    if (!v) return;
    setSaving(true);
    setError(null);
    try {
      await equipmentApi.move(item.id, toInput(action, v));
      message.success(`已办理${label}`);
      onDone();
    } catch (e) {
      if (isApiError(e) && (e.code === 'ILLEGAL_MOVE' || e.status === 403)) {
        // The item changed meanwhile (or the move needs approval): nothing was recorded.
        onRefused(e.message);
      } else {
        setError(applyServerErrors(form, e).message);
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={Boolean(move)}
      title={`${label}：${item.assetTag}`}
      okText="确定"
      cancelText="取消"
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} /> : null}
      {move ? (
        <Typography.Paragraph type="secondary">
          状态：{item.status} → {move.plan.status}
          {move.plan.holder === 'clear' && item.holderOfficerName ? `；持有人 ${item.holderOfficerName} 交回` : ''}
          {move.plan.holder === 'clear' && item.holderVehiclePlate ? `；从车辆 ${item.holderVehiclePlate} 拆除` : ''}
        </Typography.Paragraph>
      ) : null}
      {spec ? (
        <Form<Values> form={form} name={`ledger-${action}`} layout="vertical" requiredMark>
          {spec.officer ? (
            <Form.Item
              name="officerId"
              label={spec.officer}
              rules={[{ required: true, message: `请选择${spec.officer}` }]}
              extra="在装备所属单位（含下级）的人员中搜索。"
            >
              <OfficerPicker unitId={item.unitId} />
            </Form.Item>
          ) : null}
          {spec.vehicle ? (
            <Form.Item name="vehicleId" label="安装到车辆" rules={[{ required: true, message: '请选择车辆' }]}>
              <VehiclePicker />
            </Form.Item>
          ) : null}
          {spec.due ? (
            <Form.Item
              name="expectedReturnAt"
              label="预计归还"
              rules={[
                { required: true, message: '请选择预计归还时间' },
                {
                  validator: (_, v: Dayjs | undefined) =>
                    v && !v.isAfter(dayjs()) ? Promise.reject(new Error('预计归还时间须晚于当前时间')) : Promise.resolve(),
                },
              ]}
            >
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
                disabledDate={(d) => d.isBefore(dayjs(), 'day')}
                presets={[
                  { label: '4 小时后', value: dayjs().add(4, 'hour').second(0) },
                  { label: '1 天后', value: defaultDue() },
                  { label: '3 天后', value: dayjs().add(3, 'day').second(0) },
                  { label: '1 周后', value: dayjs().add(7, 'day').second(0) },
                ]}
              />
            </Form.Item>
          ) : null}
          {spec.unit ? (
            <Form.Item
              name="toUnitId"
              label="调入单位"
              rules={[{ required: true, message: '请选择调入单位' }]}
              extra={`当前单位：${item.unitName}`}
            >
              <UnitTreeSelect disabledIds={[item.unitId]} placeholder="选择调入单位" />
            </Form.Item>
          ) : null}
          <Form.Item
            name="note"
            label={spec.note}
            rules={spec.noteRequired ? [{ required: true, whitespace: true, message: `请填写${spec.note}` }] : []}
          >
            <Input.TextArea rows={3} maxLength={500} showCount placeholder={spec.notePlaceholder} />
          </Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}

/** 报废 / 遗失: a danger button whose Popconfirm asks for the reason; the current user is recorded as approver. */
function DangerMove({ item, action, onDone, onRefused }: {
  item: EquipmentItem;
  action: LedgerMove;
  onDone: () => void;
  onRefused: (message: string) => void;
}) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const label = LEDGER_ACTION_LABELS[action];
  const noteLabel = MOVE_FORMS[action].note;

  const confirm = async () => {
    try {
      await equipmentApi.move(item.id, { action, note: note.trim() });
      message.success(`已办理${label}`);
      setOpen(false);
      onDone();
    } catch (e) {
      setOpen(false);
      if (isApiError(e) && (e.code === 'ILLEGAL_MOVE' || e.status === 403)) onRefused(e.message);
      else message.error(errorMessage(e, `${label}失败`));
    }
  };

  return (
    <Popconfirm
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) setNote('');
      }}
      title={`确认${label}：${item.assetTag}？`}
      description={
        <Flex vertical gap={8} style={{ width: 280, maxWidth: '70vw' }}>
          <Typography.Text type="secondary">
            {action === 'scrap' ? '报废后装备不能再办理任何台账操作。' : '登记遗失后，找回时须办理“找回”。'}您将作为审批人记入台账。
          </Typography.Text>
          <Input.TextArea
            aria-label={noteLabel}
            placeholder={`请填写${noteLabel}（必填）`}
            rows={3}
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </Flex>
      }
      okText={`确认${label}`}
      cancelText="取消"
      okButtonProps={{ danger: true, disabled: note.trim() === '' }}
      onConfirm={confirm}
    >
      <Button danger>{label}</Button>
    </Popconfirm>
  );
}

interface Props {
  item: EquipmentItem;
  /** After a recorded move: reload the item and its ledger. */
  onDone: () => void;
  /** The server refused (409 ILLEGAL_MOVE / 403): show why, and reload. */
  onRefused: (message: string) => void;
}

export function LedgerActions({ item, onDone, onRefused }: Props) {
  const { can } = useAuth();
  const { message } = App.useApp();
  const [move, setMove] = useState<{ action: LedgerMove; plan: OkPlan } | null>(null);
  const moves = allowedMoves(item, can);

  const refused = (text: string) => {
    setMove(null);
    message.error(text);
    onRefused(text);
  };

  if (moves.length === 0) {
    return (
      <Typography.Text type="secondary">
        {item.status === '报废' ? '装备已报废，不能再办理台账操作。' : '当前状态下没有您可以办理的台账操作。'}
      </Typography.Text>
    );
  }

  return (
    <>
      <Flex wrap gap={8} data-testid="ledger-actions">
        {moves.map(({ action, plan }) =>
          DANGER_MOVES.has(action) ? (
            <DangerMove key={action} item={item} action={action} onDone={onDone} onRefused={refused} />
          ) : (
            <Button key={action} type={action === 'issue' || action === 'return' ? 'primary' : 'default'} onClick={() => setMove({ action, plan })}>
              {LEDGER_ACTION_LABELS[action]}
            </Button>
          ),
        )}
      </Flex>
      {item.status === '借出' && item.expectedReturnAt ? (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
          借用人 {item.holderOfficerName ?? '—'}，预计 {fmtDateTime(item.expectedReturnAt)} 归还。
        </Typography.Text>
      ) : null}
      <LedgerMoveModal
        item={item}
        move={move}
        onClose={() => setMove(null)}
        onDone={() => {
          setMove(null);
          onDone();
        }}
        onRefused={refused}
      />
    </>
  );
}
