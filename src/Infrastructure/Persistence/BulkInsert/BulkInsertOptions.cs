namespace Recorder.Infrastructure.Persistence.BulkInsert;

/// <summary>Limits of one bulk insert call.</summary>
/// <param name="Method">The statement shape.</param>
/// <param name="MaxRowsPerStatement">Rows per multi-row statement, or per LOAD DATA stream.</param>
/// <param name="MaxStatementBytes">The server's <c>max_allowed_packet</c>: no multi-row statement may exceed it.</param>
/// <param name="WarningLimitRaised">
/// The session's <c>max_error_count</c> is already at its maximum (the caller keeps the connection and raised it once),
/// so a LOAD DATA need not raise it first.
/// </param>
public sealed record BulkInsertOptions(BulkInsertMethod Method, int MaxRowsPerStatement, long MaxStatementBytes, bool WarningLimitRaised = false);
