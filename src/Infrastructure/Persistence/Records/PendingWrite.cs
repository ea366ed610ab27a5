using System.Diagnostics;
using Recorder.Application.Common.Interfaces;
using Recorder.Domain.Conversations;

namespace Recorder.Infrastructure.Persistence.Records;

/// <summary>One caller's rows waiting for a transaction, and the task that tells the caller they are durable.</summary>
internal sealed class PendingWrite
{
    private readonly TaskCompletionSource<RecordWriteResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingWrite(ConversationRecord[] rows, DateTimeOffset deadline, CancellationToken cancellationToken, ActivityContext record = default)
    {
        Rows = rows;
        Deadline = deadline;
        Record = record;
        // A caller that gives up (its partition was revoked) is skipped if its rows were not sent yet.
        Registration = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static state => ((PendingWrite)state!)._completion.TrySetCanceled(), this)
            : default;
    }

    public ConversationRecord[] Rows { get; }

    /// <summary>When transient errors stop being retried for these rows (enqueue time plus the retry budget).</summary>
    public DateTimeOffset Deadline { get; }

    public CancellationTokenRegistration Registration { get; }

    /// <summary>The span of the record these rows came from, which the transaction's span links to; default when untraced.</summary>
    public ActivityContext Record { get; }

    public Task<RecordWriteResult> Task => _completion.Task;

    public bool IsAbandoned => _completion.Task.IsCompleted;

    public void Succeed(int inserted, DateTimeOffset committedAt)
    {
        Registration.Dispose();
        _completion.TrySetResult(new RecordWriteResult(inserted, Rows.Length - inserted, committedAt));
    }

    public void Fail(Exception exception)
    {
        Registration.Dispose();
        _completion.TrySetException(exception);
    }
}
