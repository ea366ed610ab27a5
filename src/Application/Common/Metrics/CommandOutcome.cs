namespace Recorder.Application.Common.Metrics;

/// <summary>How a command ended, as the <c>result</c> label of the command metrics.</summary>
public enum CommandOutcome
{
    Ok,
    Invalid,
    Canceled,
    Error,
}
