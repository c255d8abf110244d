// Test-only helpers; import from tests and benches, never from product code (this package is a devDependency).
export { CI_SERVICES, SERVICES, requiredServices, serviceSpec, serviceUrl, type ServiceName, type ServiceSpec } from './services';
export { hostAndPort, probeServices, tcpReachable } from './probe';
export { describeVariants, describeWith, itWith, serviceUp, servicesUp, type GatedDescribe, type GatedIt, type Variant } from './describe';
export { SUMMARY_DIR_ENV, summaryFileName, type RunSummary } from './summary-reporter';
export { describeInfoFlags, runEntryPoint, type EntryPointRun } from './entry-point';
export { freePort } from './free-port';
