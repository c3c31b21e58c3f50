import { Form, Input } from 'antd';
import { PASSWORD_MIN_LENGTH, passwordProblem } from '@cg/domain';

/** A new password and its confirmation, checked with the server's own rule (@cg/domain passwordProblem). */
export function NewPasswordFields({ name, label, extra }: { name: string; label: string; extra?: string }) {
  return (
    <>
      <Form.Item
        name={name}
        label={label}
        extra={extra ?? `至少${PASSWORD_MIN_LENGTH}位，须同时包含字母和数字`}
        rules={[
          { required: true, message: `请输入${label}` },
          {
            validator: (_, v?: string) => {
              const p = v ? passwordProblem(v) : null;
              return p ? Promise.reject(new Error(p)) : Promise.resolve();
            },
          },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={`确认${label}`}
        dependencies={[name]}
        rules={[
          { required: true, message: `请再次输入${label}` },
          ({ getFieldValue }) => ({
            validator: (_, v?: string) =>
              !v || v === getFieldValue(name) ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致')),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
