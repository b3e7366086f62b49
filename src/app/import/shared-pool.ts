/**
 * The page's one conversion pool, shared by the file import and the "open plan" button so that CityGML,
 * vector drop-ins and plans queue for the same workers. Users lease it; the last release ends its workers,
 * and the next lease starts a fresh pool (so React StrictMode's unmount/remount leaves no pool behind).
 */
import { ConversionPool, conversionPoolOptionsFromSearch } from '../../../workers/pool.ts';

/** A use of the shared pool; `release` once, when the user is done with it. */
export interface PoolLease {
  pool: ConversionPool;
  release(): void;
}

let shared: ConversionPool | undefined;
let leases = 0;

/** Leases the shared pool (made on the first lease, from the page's query string; no workers yet). */
export function leaseConversionPool(): PoolLease {
  const pool = (shared ??= new ConversionPool(
    conversionPoolOptionsFromSearch(globalThis.location?.search ?? ''),
  ));
  leases += 1;
  let released = false;
  return {
    pool,
    release() {
      if (released) return;
      released = true;
      leases -= 1;
      if (leases === 0 && shared === pool) {
        shared = undefined;
        pool.dispose();
      }
    },
  };
}
