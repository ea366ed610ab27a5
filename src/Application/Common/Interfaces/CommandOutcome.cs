namespace Recorder.Application.Common.Interfaces;

/// <summary>How a command ended, as reported to <see cref="ICommandMetrics"/>.</summary>
public enum CommandOutcome
{
    Ok,
    Invalid,
    Canceled,
    Error,
}
