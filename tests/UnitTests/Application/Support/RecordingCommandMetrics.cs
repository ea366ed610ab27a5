using System.Collections.Concurrent;
using Recorder.Application.Common.Interfaces;

namespace Recorder.UnitTests.Application.Support;

/// <summary>Keeps every command report, in the order they arrived.</summary>
public sealed class RecordingCommandMetrics : ICommandMetrics
{
    public ConcurrentQueue<Report> Reports { get; } = new();

    public void RecordCommand(string command, CommandOutcome outcome, TimeSpan elapsed) =>
        Reports.Enqueue(new Report(command, outcome, elapsed));

    public sealed record Report(string Command, CommandOutcome Outcome, TimeSpan Elapsed);
}
