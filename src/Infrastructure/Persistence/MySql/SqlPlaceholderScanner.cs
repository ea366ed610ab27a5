using System.Text;

namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>
/// Finds <c>@name</c> placeholders in MySQL command text. Skips string literals ('…', "…" with backslash and doubled-quote
/// escapes), quoted identifiers (`…` with doubled backticks), comments (<c>-- </c>, <c>#</c>, <c>/* */</c>), system
/// variables (<c>@@name</c>) and quoted user variables (<c>@'x'</c>). Works on UTF-8 bytes: every delimiter is ASCII and
/// never occurs inside a multi-byte sequence. Backslash escapes inside literals follow the session's sql_mode:
/// on by default, off under NO_BACKSLASH_ESCAPES.
/// </summary>
internal static class SqlPlaceholderScanner
{
    public static ParsedSql Parse(string sql, bool backslashEscapes = true)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var utf8 = Encoding.UTF8.GetBytes(sql);
        return new ParsedSql(sql, utf8, [.. Scan(utf8, backslashEscapes)]);
    }

    public static List<SqlPlaceholder> Scan(ReadOnlySpan<byte> sql, bool backslashEscapes = true)
    {
        var placeholders = new List<SqlPlaceholder>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            switch (c)
            {
                case (byte)'\'':
                case (byte)'"':
                    i = SkipQuoted(sql, i, c, backslashEscapes);
                    break;
                case (byte)'`':
                    i = SkipQuoted(sql, i, c, backslashEscapes: false);
                    break;
                case (byte)'#':
                    i = SkipToLineEnd(sql, i);
                    break;
                case (byte)'-' when IsLineCommentStart(sql, i):
                    i = SkipToLineEnd(sql, i);
                    break;
                case (byte)'/' when i + 1 < sql.Length && sql[i + 1] == '*':
                    i = SkipBlockComment(sql, i);
                    break;
                case (byte)'@':
                    i = ScanVariable(sql, i, placeholders);
                    break;
                default:
                    i++;
                    break;
            }
        }

        return placeholders;
    }

    private static int ScanVariable(ReadOnlySpan<byte> sql, int at, List<SqlPlaceholder> placeholders)
    {
        var next = at + 1;
        if (next < sql.Length && sql[next] == '@')
        {
            // @@global.name, @@session.name, @@name: the server's, never ours.
            var end = next + 1;
            while (end < sql.Length && (IsNameByte(sql[end]) || sql[end] == '.'))
            {
                end++;
            }

            return end;
        }

        var nameEnd = next;
        while (nameEnd < sql.Length && IsNameByte(sql[nameEnd]))
        {
            nameEnd++;
        }

        if (nameEnd > next)
        {
            placeholders.Add(new SqlPlaceholder(at, nameEnd - at, Encoding.UTF8.GetString(sql[next..nameEnd])));
        }

        // A quoted user variable (@'x', @"x", @`x`) continues with a quote, which the main loop skips as a literal.
        return nameEnd;
    }

    private static bool IsNameByte(byte b) =>
        b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'_' or (byte)'$' or >= 0x80;

    private static bool IsLineCommentStart(ReadOnlySpan<byte> sql, int i) =>
        i + 1 < sql.Length && sql[i + 1] == '-' && (i + 2 == sql.Length || sql[i + 2] <= (byte)' ');

    private static int SkipQuoted(ReadOnlySpan<byte> sql, int open, byte quote, bool backslashEscapes)
    {
        var i = open + 1;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\\' && backslashEscapes)
            {
                i += 2;
            }
            else if (c == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i += 2;
                }
                else
                {
                    return i + 1;
                }
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    private static int SkipToLineEnd(ReadOnlySpan<byte> sql, int i)
    {
        var newline = sql[i..].IndexOf((byte)'\n');
        return newline < 0 ? sql.Length : i + newline + 1;
    }

    private static int SkipBlockComment(ReadOnlySpan<byte> sql, int i)
    {
        var close = sql[(i + 2)..].IndexOf("*/"u8);
        return close < 0 ? sql.Length : i + 2 + close + 2;
    }
}
