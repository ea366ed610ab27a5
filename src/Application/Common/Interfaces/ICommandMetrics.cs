namespace Recorder.Application.Common.Interfaces;

/// <summary>
/// Port through which the pipeline reports how each command ended and how long it took. The application only states
/// what happened; the host decides how it is exposed (names, labels, buckets), so this layer needs no metrics library.
/// </summary>
/// <remarks>Called once per command, possibly from many threads at once: implementations must be thread-safe.</remarks>
public interface ICommandMetrics
{
    /// <param name="command">The request type's name, e.g. <c>RecordQaBatchCommand</c>.</param>
    void RecordCommand(string command, CommandOutcome outcome, TimeSpan elapsed);
}
