namespace Recorder.Domain.Conversations;

/// <summary>
/// One question and its answer as the producer sent them. Either side may be null or blank: blank sides are simply
/// not recorded (see <see cref="ConversationRound"/>), so the pair itself carries no invariant.
/// </summary>
public sealed record QaPair(string? Q, string? A);
