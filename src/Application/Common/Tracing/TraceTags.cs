namespace Recorder.Application.Common.Tracing;

/// <summary>Attribute names of the application's spans.</summary>
internal static class TraceTags
{
    public const string Command = "recorder.command";
    public const string Outcome = "recorder.command.outcome";

    /// <summary>OpenTelemetry's general attribute for what went wrong (a type or code, low cardinality).</summary>
    public const string ErrorType = "error.type";
}
