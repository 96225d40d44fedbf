'use client';
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { useAuth } from '@/lib/auth/msal-shell';
import { useStartBuild } from '@/lib/builds/api/run-image-template';
import { StartBuildButton } from '@/components/builds/start-build-button';
import { TemplatesList } from '@/components/templates/templates-list';

function RowStartBuild({ template }: { template: ImageTemplate }) {
  const build = useStartBuild(template, { permissionScope: 'resourceGroup', readPermissions: 'intent' });
  return <StartBuildButton build={build} template={template} compact />;
}

export function TemplatesPage() {
  const { user } = useAuth();
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold tracking-tight">Image templates</h1>
      <TemplatesList userName={user?.username ?? ''} rowActions={(t) => <RowStartBuild template={t} />} />
    </div>
  );
}
