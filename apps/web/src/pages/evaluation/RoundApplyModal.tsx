// 申报中队: a district submits one of its squadrons for the round with the tier applied for (示范中队 is scored on
// 规范化达标 too and needs it to pass).
import { useState } from 'react';
import { Alert, App, Form, Modal, Radio, Typography } from 'antd';
import { EVALUATION_TIER_LABELS, SQUADRON_KINDS, type EvaluationTier } from '@cg/domain';
import { evaluationApi } from '../../api/evaluation';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { applyServerErrors, validated } from '../../lib/form-errors';

interface Values { unitId: string; tier: EvaluationTier }

export function RoundApplyModal({
  roundId, open, appliedUnitIds, onClose, onApplied,
}: {
  roundId: string; open: boolean; appliedUnitIds: string[]; onClose: () => void; onApplied: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const { message } = App.useApp();

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    setSaving(true);
    setServerError(null);
    try {
      const a = await evaluationApi.apply(roundId, v);
      message.success(`已申报：${a.unitName}（${a.tierLabel}）`);
      onApplied();
    } catch (e) {
      const { message: text, unmatched } = applyServerErrors(form, e);
      setServerError([text, ...unmatched].join('；'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title="申报中队"
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText="申报"
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'apply-submit' }}
      destroyOnHidden
      afterOpenChange={(visible) => { if (!visible) setServerError(null); }}
    >
      <Typography.Paragraph type="secondary">
        只能申报本区的基层中队，每个中队每轮一次。示范中队同时按规范化达标中队计分，须先达到规范化达标。截止快照前可以撤回。
      </Typography.Paragraph>
      {serverError ? <Alert type="error" showIcon title={serverError} style={{ marginBottom: 12 }} data-testid="apply-error" /> : null}
      <Form<Values> form={form} layout="vertical" preserve={false} initialValues={{ tier: 'standard' }}>
        <Form.Item name="unitId" label="中队" rules={[{ required: true, message: '请选择中队' }]}>
          <UnitTreeSelect
            selectableKinds={SQUADRON_KINDS}
            disabledIds={appliedUnitIds}
            placeholder="选择要申报的中队（已申报的不可选）"
            data-testid="apply-unit"
          />
        </Form.Item>
        <Form.Item name="tier" label="申报等级" rules={[{ required: true, message: '请选择申报等级' }]}>
          <Radio.Group
            data-testid="apply-tier"
            options={(['standard', 'demonstration'] as const).map((t) => ({ value: t, label: EVALUATION_TIER_LABELS[t] }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
