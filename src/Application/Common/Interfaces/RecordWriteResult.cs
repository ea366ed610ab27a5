namespace Recorder.Application.Common.Interfaces;

/// <summary>How many of the offered rows were new and how many were already stored.</summary>
/// <param name="DurableAt">
/// When the transaction that wrote the rows (or found them already stored) committed; null when there was nothing to
/// store. The end-to-end latency ends here rather than when the caller resumes, which may be later on a busy thread
/// pool.
/// </param>
public readonly record struct RecordWriteResult(int Inserted, int Ignored, DateTimeOffset? DurableAt = null)
{
    public static RecordWriteResult None => default;

    public int Total => Inserted + Ignored;
}
