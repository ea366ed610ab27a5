using Recorder.Domain.Conversations;

namespace Recorder.Producer.Schedule.Scheduling;

/// <summary>Port to the AI service that answers the end user.</summary>
public interface IIpangClient
{
    Task<string> AskAsync(string userId, IReadOnlyList<QaPair> qas, CancellationToken cancellationToken);
}
