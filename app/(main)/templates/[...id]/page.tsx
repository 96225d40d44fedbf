import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { pathToArmId } from '@/lib/azure/ids';
import { TemplatePage } from './template-page';

type Props = { params: Promise<{ id: string[] }> };

function idFrom(segments: string[]): string | undefined {
  try {
    const id = pathToArmId(segments);
    return /\/providers\/Microsoft\.VirtualMachineImages\/imageTemplates\/[^/]+$/i.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = idFrom((await params).id);
  return { title: id ? decodeURIComponent(id.split('/').pop() ?? 'Template') : 'Not found' };
}

// Deep-linkable by ARM id: /templates/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.VirtualMachineImages/imageTemplates/<name>
export default async function Page({ params }: Props) {
  const id = idFrom((await params).id);
  if (!id) notFound();
  return <TemplatePage id={id} />;
}
