import type { DriverFactory } from '../driver';
import { InMemoryDriver } from './inmemory-driver';

/** Makes the in-memory driver. */
export const createInMemoryDriver: DriverFactory = () => new InMemoryDriver();
