import { useEffect, useState } from 'react';
import { Alert, App, Button, Col, DatePicker, Drawer, Form, Input, Radio, Row, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { CERT_STATUSES, GENDERS, OFFICER_STATUSES, POSITIONS, idNumberProblem } from '@cg/domain';
import type { CertStatus, Gender, OfficerStatus, Position } from '@cg/domain';
import { isApiError } from '../../api/client';
import { officersApi } from '../../api/endpoints';
import type { Officer, OfficerCreateInput, OfficerPatchInput } from '../../api/types';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { applyServerErrors } from '../../lib/form-errors';
import { options } from '../../lib/labels';
import { useIsMobile } from '../../lib/use-is-mobile';

interface Values {
  unitId?: string;
  name: string;
  gender?: Gender;
  idNumber: string;
  badgeNo?: string;
  position?: Position;
  phone?: string;
  status?: OfficerStatus;
  hireDate?: Dayjs | null;
  certStatus?: CertStatus;
  certExpiry?: Dayjs | null;
}

const ID_MESSAGES = {
  format: '身份证号应为18位，前17位为数字，最后一位为数字或X',
  birthDate: '身份证号中的出生日期无效',
  checksum: '身份证号校验位错误',
} as const;

function isMasked(idNumber: string | null | undefined): boolean {
  return Boolean(idNumber && /[*＊]/.test(idNumber));
}

function toValues(o: Officer): Values {
  return {
    unitId: o.unitId,
    name: o.name,
    gender: o.gender,
    idNumber: o.idNumber,
    badgeNo: o.badgeNo ?? undefined,
    position: o.position,
    phone: o.phone ?? undefined,
    status: o.status,
    hireDate: o.hireDate ? dayjs(o.hireDate) : null,
    certStatus: o.certStatus,
    certExpiry: o.certExpiry ? dayjs(o.certExpiry) : null,
  };
}

const text = (v: string | undefined | null) => (v ?? '').trim();
const date = (v: Dayjs | null | undefined) => (v ? v.format('YYYY-MM-DD') : '');

interface Props {
  open: boolean;
  /** The record to edit; undefined to create. */
  officer?: Officer;
  /** Unit preselected for a new record (the tree selection). */
  defaultUnitId?: string;
  onClose: () => void;
  onSaved: (officer: Officer) => void;
}

/** 新增 / 编辑 执法人员. Server field errors (400 VALIDATION_FAILED) are shown under the matching items. */
export function OfficerFormDrawer({ open, officer, defaultUnitId, onClose, onSaved }: Props) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [saving, setSaving] = useState(false);
  const [topError, setTopError] = useState<{ message: string; extra: string[]; conflict: boolean } | null>(null);
  const editing = Boolean(officer);
  const masked = isMasked(officer?.idNumber);

  useEffect(() => {
    if (!open) return;
    setTopError(null);
    form.resetFields();
    form.setFieldsValue(
      officer
        ? toValues(officer)
        : { unitId: defaultUnitId, status: '在岗', certStatus: '有效', position: '队员', name: '', idNumber: '' },
    );
  }, [open, officer, defaultUnitId, form]);

  const buildCreate = (v: Values): OfficerCreateInput => {
    const input: OfficerCreateInput = {
      unitId: v.unitId!,
      name: text(v.name),
      gender: v.gender!,
      idNumber: text(v.idNumber).toUpperCase(),
      position: v.position!,
      status: v.status!,
      certStatus: v.certStatus!,
    };
    if (text(v.badgeNo)) input.badgeNo = text(v.badgeNo);
    if (text(v.phone)) input.phone = text(v.phone);
    if (v.hireDate) input.hireDate = date(v.hireDate);
    if (v.certExpiry) input.certExpiry = date(v.certExpiry);
    return input;
  };

  /** Only the fields that changed; a cleared optional field is sent as null. */
  const buildPatch = (o: Officer, v: Values): OfficerPatchInput => {
    const patch: OfficerPatchInput = { version: o.version };
    const set = <K extends keyof OfficerPatchInput>(k: K, next: OfficerPatchInput[K], prev: unknown) => {
      if ((next ?? null) !== (prev ?? null)) patch[k] = next;
    };
    set('name', text(v.name), o.name);
    set('gender', v.gender, o.gender);
    if (!masked) set('idNumber', text(v.idNumber).toUpperCase(), o.idNumber);
    set('badgeNo', text(v.badgeNo) || null, o.badgeNo);
    set('position', v.position, o.position);
    set('phone', text(v.phone) || null, o.phone);
    set('status', v.status, o.status);
    set('hireDate', date(v.hireDate) || null, o.hireDate);
    set('certStatus', v.certStatus, o.certStatus);
    set('certExpiry', date(v.certExpiry) || null, o.certExpiry);
    return patch;
  };

  const submit = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      setTopError({ message: '请按提示修正标红的字段', extra: [], conflict: false });
      return;
    }
    setTopError(null);
    setSaving(true);
    try {
      let saved: Officer;
      if (officer) {
        const patch = buildPatch(officer, values);
        if (Object.keys(patch).length === 1) {
          message.info('没有需要保存的修改');
          onClose();
          return;
        }
        saved = await officersApi.update(officer.id, patch);
        message.success('已保存人员信息');
      } else {
        saved = await officersApi.create(buildCreate(values));
        message.success(`已新增执法人员：${saved.name}`);
      }
      onSaved(saved);
    } catch (e) {
      const { message: top, unmatched } = applyServerErrors(form, e);
      setTopError({ message: top, extra: unmatched, conflict: isApiError(e) && e.code === 'VERSION_CONFLICT' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={open}
      title={editing ? `编辑执法人员：${officer?.name}` : '新增执法人员'}
      size={isMobile ? '100%' : 640}
      onClose={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={submit}>
            保存
          </Button>
        </Space>
      }
    >
      {topError ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title={topError.message}
          description={
            topError.conflict ? (
              '该记录已被他人修改。请关闭后重新打开以获取最新数据，再重新修改。'
            ) : topError.extra.length ? (
              <ul style={{ margin: 0, paddingLeft: 16 }}>
                {topError.extra.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      ) : null}
      <Form<Values> form={form} name="officer" layout="vertical" requiredMark onFinish={submit} scrollToFirstError>
        <Form.Item
          name="unitId"
          label="所属单位"
          rules={[{ required: true, message: '请选择所属单位' }]}
          extra={editing ? '调整所属单位请在人员详情页使用“调动”。' : '一般为所在中队。'}
        >
          <UnitTreeSelect disabled={editing} placeholder="选择所属单位" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }, { max: 50, message: '姓名过长' }]}>
              <Input maxLength={50} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="gender" label="性别" rules={[{ required: true, message: '请选择性别' }]}>
              <Radio.Group options={options(GENDERS)} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="idNumber"
          label="身份证号"
          validateFirst
          extra={masked ? '您无权查看完整身份证号，此项不可修改。' : undefined}
          rules={
            masked
              ? []
              : [
                  { required: true, whitespace: true, message: '请输入身份证号' },
                  {
                    validator: (_, v: string | undefined) => {
                      const value = (v ?? '').trim();
                      if (!value) return Promise.resolve();
                      const problem = idNumberProblem(value);
                      return problem ? Promise.reject(new Error(ID_MESSAGES[problem])) : Promise.resolve();
                    },
                  },
                ]
          }
        >
          <Input maxLength={18} disabled={masked} autoComplete="off" style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="badgeNo" label="执法证号">
              <Input maxLength={32} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="position" label="职务" rules={[{ required: true, message: '请选择职务' }]}>
              <Select options={options(POSITIONS)} placeholder="选择职务" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="phone"
              label="手机"
              rules={[{ pattern: /^[\d\s+()-]{0,20}$/, message: '手机号只能包含数字' }]}
            >
              <Input maxLength={20} autoComplete="off" inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="status" label="人员状态" rules={[{ required: true, message: '请选择人员状态' }]}>
              <Select options={options(OFFICER_STATUSES)} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="hireDate" label="入职日期">
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="certStatus" label="持证状态" rules={[{ required: true, message: '请选择持证状态' }]}>
              <Select options={options(CERT_STATUSES)} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="certExpiry" label="证件有效期">
          <DatePicker style={{ width: '100%' }} placeholder="执法证有效期至" />
        </Form.Item>
        {editing && officer ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            记录版本：{officer.version}
          </Typography.Text>
        ) : null}
        <button type="submit" hidden aria-hidden />
      </Form>
    </Drawer>
  );
}
