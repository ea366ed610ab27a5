using System.Buffers;
using System.Globalization;
using System.Text.Unicode;

namespace Recorder.Infrastructure.Persistence.BulkInsert;

/// <summary>
/// A slice of entities as the text one <c>LOAD DATA</c> reads: fields separated by a tab, rows ended by a newline,
/// backslash as the escape character, nothing enclosed, NULL as <c>\N</c> (<see cref="LoadDataInsert"/> declares
/// exactly this). Rows are encoded only as the driver reads, a piece at a time, so a 5 MiB text is never copied
/// whole into another buffer; only the separators, the escapes and formatted non-text values pass through a small
/// buffer of their own.
/// </summary>
internal sealed class LoadDataRowStream<TEntity> : Stream
    where TEntity : class
{
    // The server splits fields and rows at these and unescapes after a backslash; everything else, NUL and CR
    // included, is data as it stands.
    private static readonly SearchValues<char> MustEscape = SearchValues.Create("\\\t\n");

    /// <summary>
    /// What one read returns at most: with the driver's packet header the packet buffer is then a 64 KiB array, which
    /// the shared pool keeps and the small-object heap holds. A transaction's rows (about 860 KB) returned in one read
    /// made the driver rent a 1 MiB or 2 MiB array instead: large-object-heap arrays the pool often did not have, 26 MB
    /// of them allocated in 5 s of a drain, each counting towards a full (gen2) collection. Smaller packets also let the
    /// server start reading rows while the rest are encoded.
    /// </summary>
    internal const int MaxChunkBytes = (64 * 1024) - 4;

    private readonly BulkInsertTable _table;
    private readonly IReadOnlyList<TEntity> _rows;
    private readonly int _end;
    private readonly byte[] _small = new byte[64];
    private int _smallOffset;
    private int _smallLength;
    private int _row;
    private int _column;
    private string? _text;
    private int _textOffset;
    private int _nextEscape;

    public LoadDataRowStream(BulkInsertTable table, IReadOnlyList<TEntity> rows, int start, int count)
    {
        _table = table;
        _rows = rows;
        _row = start;
        _end = start + count;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>The provider types a field can be written from; checked once per load, before anything is sent.</summary>
    public static bool Supports(Type providerType) =>
        providerType == typeof(string) || providerType == typeof(DateTime) || providerType == typeof(DateTimeOffset) ||
        providerType == typeof(bool) || providerType == typeof(decimal) || providerType == typeof(double) || providerType == typeof(float) ||
        providerType == typeof(long) || providerType == typeof(int) || providerType == typeof(short) || providerType == typeof(sbyte) ||
        providerType == typeof(ulong) || providerType == typeof(uint) || providerType == typeof(ushort) || providerType == typeof(byte);

    /// <summary>What made <see cref="Read(Span{byte})"/> fail, once it has: the driver reports only that the load failed.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>
    /// Encodes at most <see cref="MaxChunkBytes"/> per call, however large <paramref name="buffer"/> is: the driver sends
    /// what one call returns as one packet, through a buffer it rents for the packet and its 4-byte header.
    /// </summary>
    /// <exception cref="BulkInsertRowException">A text holds an unpaired surrogate, which has no UTF-8 form.</exception>
    public override int Read(Span<byte> buffer)
    {
        try
        {
            return Fill(buffer.Length > MaxChunkBytes ? buffer[..MaxChunkBytes] : buffer);
        }
        catch (Exception ex)
        {
            Failure = ex;
            throw;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    // Encoding is CPU work on data already in memory; there is nothing to wait for.
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Copies staged bytes and encodes further fields until the buffer is full or every row is out.</summary>
    private int Fill(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length)
        {
            if (_smallOffset < _smallLength)
            {
                var n = Math.Min(_smallLength - _smallOffset, buffer.Length - written);
                _small.AsSpan(_smallOffset, n).CopyTo(buffer[written..]);
                _smallOffset += n;
                written += n;
            }
            else if (_text is not null)
            {
                written += WriteText(buffer[written..]);
            }
            else if (!NextField())
            {
                break;
            }
        }

        return written;
    }

    /// <summary>Stages what comes next (a separator and a value, or a row's end); false when every row is out.</summary>
    private bool NextField()
    {
        if (_row >= _end)
        {
            return false;
        }

        _smallOffset = 0;
        _smallLength = 0;
        if (_column == _table.Columns.Count)
        {
            _small[_smallLength++] = (byte)'\n';
            _column = 0;
            _row++;
            return true;
        }

        if (_column > 0)
        {
            _small[_smallLength++] = (byte)'\t';
        }

        var value = _table.Columns[_column++].ValueOf(_rows[_row]!);
        if (value is string text)
        {
            _text = text;
            _textOffset = 0;
            _nextEscape = NextEscape(text, 0);
        }
        else
        {
            _smallLength += Format(value, _small.AsSpan(_smallLength));
        }

        return true;
    }

    /// <summary>Writes as much of the current text as fits, stopping before each character that needs escaping.</summary>
    private int WriteText(Span<byte> destination)
    {
        var text = _text!;
        if (_textOffset == text.Length)
        {
            _text = null;
            return 0;
        }

        if (_textOffset == _nextEscape)
        {
            _small[0] = (byte)'\\';
            _small[1] = text[_textOffset] switch { '\t' => (byte)'t', '\n' => (byte)'n', _ => (byte)'\\' };
            _smallOffset = 0;
            _smallLength = 2;
            _nextEscape = NextEscape(text, ++_textOffset);
            return 0;
        }

        // The plain run ends at a separator or at the end of the text, so a surrogate left open there is unpaired.
        var plain = text.AsSpan(_textOffset, _nextEscape - _textOffset);
        var status = Utf8.FromUtf16(plain, destination, out var read, out var written, replaceInvalidSequences: false);
        if (status == OperationStatus.DestinationTooSmall && read == 0)
        {
            // Less room than one character needs: encode one (a pair at most) into the small buffer instead.
            status = Utf8.FromUtf16(plain[..(char.IsHighSurrogate(plain[0]) && plain.Length > 1 ? 2 : 1)], _small, out read, out var staged, replaceInvalidSequences: false);
            _smallOffset = 0;
            _smallLength = staged;
        }

        if (status == OperationStatus.InvalidData)
        {
            // LoadDataInsert refuses such text before a load starts; this only guards the encoding itself.
            throw new BulkInsertRowException(
                "A text holds an unpaired surrogate, which has no UTF-8 form; the load was cut short.", BulkInsertRowException.IncorrectStringValue);
        }

        _textOffset += read;
        return written;
    }

    /// <summary>Where the next character that needs escaping is, from <paramref name="start"/> on; the length when none.</summary>
    private static int NextEscape(string text, int start)
    {
        var next = text.AsSpan(start).IndexOfAny(MustEscape);
        return next < 0 ? text.Length : start + next;
    }

    private static int Format(object? value, Span<byte> destination)
    {
        int written;
        bool fits;
        switch (value)
        {
            case null:
                fits = "\\N"u8.TryCopyTo(destination);
                written = 2;
                break;
            case bool flag:
                fits = (flag ? "1"u8 : "0"u8).TryCopyTo(destination);
                written = 1;
                break;
            case DateTime { Kind: DateTimeKind.Local }:
                // The connection takes DateTime values as UTC (the driver refuses a local one for the same reason).
                throw new NotSupportedException("A local DateTime cannot be written as it is; convert it to UTC first.");
            case DateTime time:
                fits = TryFormatDateTime(time, destination, out written);
                break;
            case DateTimeOffset time:
                // Stored as its UTC time, as the driver stores a DateTimeOffset parameter.
                fits = TryFormatDateTime(time.UtcDateTime, destination, out written);
                break;
            case double number:
                fits = number.TryFormat(destination, out written, "R", CultureInfo.InvariantCulture);
                break;
            case float number:
                fits = number.TryFormat(destination, out written, "R", CultureInfo.InvariantCulture);
                break;
            case IUtf8SpanFormattable number when Supports(value.GetType()):
                fits = number.TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
                break;
            default:
                throw new NotSupportedException($"LOAD DATA cannot write a {value.GetType().Name} value.");
        }

        return fits ? written : throw new InvalidOperationException($"A {value!.GetType().Name} value does not fit a field's buffer.");
    }

    /// <summary>
    /// <c>yyyy-MM-dd HH:mm:ss.ffffff</c>, the literal a DATETIME column reads, written digit by digit. The same custom
    /// format through the runtime's general formatter was 1.5 % of the recorder's CPU in a drain (perf, the drain
    /// benchmark, JIT-compiled build) and took 253 ns a value against 47 ns for these digits (the benchmark's
    /// <c>load-data-text</c>, same run): about 1.2 µs of a 3-pair round's six rows.
    /// </summary>
    internal static bool TryFormatDateTime(DateTime time, Span<byte> destination, out int written)
    {
        const int Length = 26;
        if (destination.Length < Length)
        {
            written = 0;
            return false;
        }

        var (year, month, day) = time;
        var ticks = time.TimeOfDay.Ticks;
        var seconds = ticks / TimeSpan.TicksPerSecond;
        WriteDigits(destination[..4], year);
        destination[4] = (byte)'-';
        WriteDigits(destination.Slice(5, 2), month);
        destination[7] = (byte)'-';
        WriteDigits(destination.Slice(8, 2), day);
        destination[10] = (byte)' ';
        WriteDigits(destination.Slice(11, 2), (int)(seconds / 3600));
        destination[13] = (byte)':';
        WriteDigits(destination.Slice(14, 2), (int)(seconds / 60 % 60));
        destination[16] = (byte)':';
        WriteDigits(destination.Slice(17, 2), (int)(seconds % 60));
        destination[19] = (byte)'.';
        // Microseconds, truncated as the format's "ffffff" truncates the seventh digit of the ticks.
        WriteDigits(destination.Slice(20, 6), (int)(ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMicrosecond));
        written = Length;
        return true;
    }

    /// <summary>Writes <paramref name="value"/> (not negative) as exactly as many decimal digits as the span holds, zero-padded.</summary>
    private static void WriteDigits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
