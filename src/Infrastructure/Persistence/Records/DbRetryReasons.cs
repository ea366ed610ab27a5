using Recorder.Infrastructure.Observability;
using Recorder.Infrastructure.Persistence.Errors;

namespace Recorder.Infrastructure.Persistence.Records;

internal static class DbRetryReasons
{
    /// <summary>The <c>reason</c> label of qywx_recorder_db_retry_total for a transient error.</summary>
    public static DbRetryReason Of(MySqlErrorKind kind) => kind switch
    {
        MySqlErrorKind.Deadlock => DbRetryReason.Deadlock,
        MySqlErrorKind.Timeout or MySqlErrorKind.LockWaitTimeout => DbRetryReason.Timeout,
        _ => DbRetryReason.Other,
    };
}
