namespace Recorder.Infrastructure.Persistence.BulkInsert;

/// <summary>Limits of one bulk insert call.</summary>
/// <param name="Method">The statement shape.</param>
/// <param name="MaxRowsPerStatement">Rows per multi-row statement, or per LOAD DATA stream.</param>
/// <param name="MaxStatementBytes">The server's <c>max_allowed_packet</c>: no multi-row statement may exceed it.</param>
public sealed record BulkInsertOptions(BulkInsertMethod Method, int MaxRowsPerStatement, long MaxStatementBytes);
