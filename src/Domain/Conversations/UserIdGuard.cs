using System.Runtime.CompilerServices;

namespace Recorder.Domain.Conversations;

internal static class UserIdGuard
{
    public static void EnsureValid(string userId, [CallerArgumentExpression(nameof(userId))] string? paramName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId, paramName);
        if (RoundLimits.CheckUserId(userId) is { } violation)
        {
            throw new ArgumentException(violation.Description, paramName);
        }
    }
}
