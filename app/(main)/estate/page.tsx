import type { Metadata } from 'next';
import { Suspense } from 'react';
import { EstateView } from '@/components/estate/estate-view';

export const metadata: Metadata = { title: 'Estate' };

export default function Page() {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold tracking-tight">Estate</h1>
      <Suspense>
        <EstateView />
      </Suspense>
    </div>
  );
}
