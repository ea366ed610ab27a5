using System.Text;
using Recorder.Domain.Conversations;

namespace Recorder.Infrastructure.Persistence.Records;

/// <summary>
/// Cuts rows into statements of at most N rows whose escaped text fits the server's max_allowed_packet.
/// Escaping at most doubles a byte, hence the factor 2; a single row always forms a statement of its own.
/// </summary>
internal static class RowChunker
{
    private const int PerRowOverhead = 96;
    private const int StatementOverhead = 4_096;

    public static IEnumerable<ArraySegment<ConversationRecord>> Chunk(ConversationRecord[] rows, int maxRows, long maxPacketBytes)
    {
        var budget = maxPacketBytes - StatementOverhead;
        var start = 0;
        while (start < rows.Length)
        {
            var end = start;
            long bytes = 0;
            while (end < rows.Length && end - start < maxRows)
            {
                var rowBytes = PerRowOverhead + (2L * (Encoding.UTF8.GetByteCount(rows[end].Content) + Encoding.UTF8.GetByteCount(rows[end].UserId)));
                if (end > start && bytes + rowBytes > budget)
                {
                    break;
                }

                bytes += rowBytes;
                end++;
            }

            yield return new ArraySegment<ConversationRecord>(rows, start, end - start);
            start = end;
        }
    }
}
