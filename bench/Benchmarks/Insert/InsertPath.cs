namespace Recorder.Benchmarks.Insert;

/// <summary>One way of getting the benchmark's rows into an empty table.</summary>
internal abstract class InsertPath
{
    public abstract string Name { get; }

    /// <summary>True for the recorder's own writer, false for the raw paths it is compared with.</summary>
    public virtual bool IsRecorder => false;

    /// <summary>Inserts every row; returns the rows the path itself reports as inserted, or -1 when it cannot tell.</summary>
    public abstract Task<long> RunAsync(IReadOnlyList<ConversationRow> rows);
}
