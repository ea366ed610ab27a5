using Recorder.Application.Conversations.Commands.RecordQaBatch;
using Recorder.Domain.Conversations;

namespace Recorder.UnitTests.Application;

internal static class Commands
{
    public static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly MessageOrigin Origin = new("qywx-recorder", 3, 42);

    public static RecordQaBatchCommand Valid(params QaPair[] pairs) =>
        new("user-1", Now.UtcDateTime.AddMinutes(-1), pairs.Length == 0 ? [new QaPair("q", "a")] : pairs, Origin);
}
