using System.Runtime.CompilerServices;

namespace Recorder.Domain.Conversations;

internal static class UserIdGuard
{
    public static void EnsureValid(string userId, [CallerArgumentExpression(nameof(userId))] string? paramName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId, paramName);
        if (!TextMeasure.HasAtMostCodePoints(userId, ConversationLimits.MaxUserIdLength))
        {
            throw new ArgumentException(
                $"User id must be at most {ConversationLimits.MaxUserIdLength} characters.", paramName);
        }
    }
}
