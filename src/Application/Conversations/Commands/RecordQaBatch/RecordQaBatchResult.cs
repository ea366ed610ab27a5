namespace Recorder.Application.Conversations.Commands.RecordQaBatch;

/// <summary>Outcome of recording a round.</summary>
/// <param name="RowsInserted">Rows that were new.</param>
/// <param name="RowsIgnored">Rows already stored (a replayed message, or a repeat within the round).</param>
/// <param name="RowsTotal">Rows the round produced after dropping blank text.</param>
/// <param name="DurableAt">When the transaction that wrote or confirmed the rows committed; null when the round had no rows to store.</param>
public sealed record RecordQaBatchResult(int RowsInserted, int RowsIgnored, int RowsTotal, DateTimeOffset? DurableAt = null)
{
    public static RecordQaBatchResult Empty { get; } = new(0, 0, 0);
}
