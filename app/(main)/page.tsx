import type { Metadata } from 'next';
import { TemplatesPage } from './TemplatesPage';

export const metadata: Metadata = { title: 'Image templates' };

export default function Page() {
  return <TemplatesPage />;
}
