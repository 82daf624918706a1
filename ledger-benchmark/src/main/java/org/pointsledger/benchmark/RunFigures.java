package org.pointsledger.benchmark;

import java.util.List;

/**
 * What one service run measured. The naive baseline runs rows 2 and 4 only (and, like every
 * run, is watched for memory); the rows it skips, and their ceilings, are null.
 */
record RunFigures(Configuration configuration, BulkWorkload.Figures bulk,
                  Double insertCeilingRowsPerSecond, Ceilings.EventShape eventShape,
                  SingleAddsWorkload.Figures singleAdds, Pgbench.Result singleInsertCeiling,
                  ReadsWorkload.Figures reads,
                  HotAccountWorkload.Figures hotAccount, RebuildWorkload.Figures rebuild,
                  long maxHeapBytes, List<CostMeter.Costs> costs, boolean statementsCounted) {
}
