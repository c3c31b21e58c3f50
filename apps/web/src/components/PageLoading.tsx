import { Flex, Spin } from 'antd';

export function PageLoading({ tip = '加载中…', fullScreen = false }: { tip?: string; fullScreen?: boolean }) {
  return (
    <Flex
      vertical
      align="center"
      justify="center"
      gap={12}
      style={{ minHeight: fullScreen ? '100vh' : 240, width: '100%' }}
      role="status"
      aria-live="polite"
    >
      <Spin size="large" />
      <span style={{ color: 'rgba(0,0,0,0.45)' }}>{tip}</span>
    </Flex>
  );
}
