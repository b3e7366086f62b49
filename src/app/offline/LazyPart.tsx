import { Suspense } from 'react';
import type { ReactNode } from 'react';
import { LoadingPart } from './LoadingPart.tsx';
import { ShellBoundary } from './ShellBoundary.tsx';

/**
 * Around a part of the app loaded on first use (`React.lazy`): a polite loading text while its code arrives,
 * and a short message in its place when the code cannot be fetched (offline); the rest of the app goes on.
 */
export function LazyPart({ children }: { children: ReactNode }) {
  return (
    <ShellBoundary part>
      <Suspense fallback={<LoadingPart />}>{children}</Suspense>
    </ShellBoundary>
  );
}
