namespace Recorder.Application.Common.Interfaces;

/// <summary>How many of the offered rows were new and how many were already stored.</summary>
public readonly record struct RecordWriteResult(int Inserted, int Ignored)
{
    public static RecordWriteResult None => default;

    public int Total => Inserted + Ignored;
}
