using System.Collections.Concurrent;
using Recorder.Application.Common.Interfaces;
using Recorder.Domain.Conversations;

namespace Recorder.UnitTests.Application.Support;

/// <summary>An in-memory writer with the storage's idempotence: a row already seen is ignored.</summary>
public sealed class RecordingWriter : IConversationRecordWriter
{
    private readonly ConcurrentDictionary<(string, RecordSource, DateTime, string), byte> _stored = new();

    public ConcurrentQueue<IReadOnlyList<ConversationRecord>> Calls { get; } = new();

    public Task<RecordWriteResult> WriteAsync(IReadOnlyList<ConversationRecord> rows, CancellationToken cancellationToken)
    {
        Calls.Enqueue(rows);
        var inserted = rows.Count(r => _stored.TryAdd((r.UserId, r.Source, r.Occurred, r.Content), 0));
        return Task.FromResult(new RecordWriteResult(inserted, rows.Count - inserted));
    }
}
