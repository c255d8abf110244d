import type { Clock } from '../engine/clock';
import type { Gateway } from '../engine/gateway';
import type { Logger } from '../engine/logger';
import { ReportShipper, type ShipperFigures } from './report-shipper';
import type { StatsShippingOptions } from './stats-shipping-options';
import { TickReportBuilder } from './tick-report-builder';

/** A running stats shipper, attached to a gateway's statistics ticker. */
export interface StatsShipping {
  figures(): ShipperFigures;
  close(): Promise<void>;
}

/** Ships a report after every statistics tick of `gateway` (issue 13's gateway side). */
export function startStatsShipping(gateway: Gateway, options: StatsShippingOptions, clock: Clock, logger: Logger, wallNow: () => number = Date.now): StatsShipping {
  const shipper = new ReportShipper({
    redisUrl: options.redisUrl,
    bufferTicks: options.bufferTicks,
    keyPrefix: options.keyPrefix,
    queueName: options.queueName,
    bodyTtlSec: options.bodyTtlSec,
    clock,
    logger,
  });
  const builder = new TickReportBuilder(gateway.statistics, options.group, options.nodeName, wallNow, { pluginIndicators: true, logger });
  const remove = gateway.statistics.ticked.add('stats shipping', () => {
    const report = builder.buildBody();
    if (report !== undefined) shipper.offer(report);
  });
  return {
    figures: () => shipper.figures(),
    close: async () => {
      remove();
      await shipper.close();
    },
  };
}
