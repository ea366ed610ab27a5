using System.Text;

namespace Recorder.Infrastructure.Observability.Exposition;

/// <summary>
/// The tags of one series, kept both as given (to match incoming measurements without allocating) and pre-rendered
/// in exposition form, sorted by name.
/// </summary>
internal sealed class LabelSet
{
    public static readonly LabelSet Empty = new([], string.Empty);

    private readonly KeyValuePair<string, object?>[] _tags;

    private LabelSet(KeyValuePair<string, object?>[] tags, string text)
    {
        _tags = tags;
        Text = text;
    }

    /// <summary><c>a="x",b="y"</c> without braces; empty for no labels.</summary>
    public string Text { get; }

    public static LabelSet Create(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return Empty;
        }

        var copy = tags.ToArray();
        var rendered = new (string Name, string Value)[copy.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            rendered[i] = (PrometheusText.SanitizeLabelName(copy[i].Key), PrometheusText.FormatLabelValue(copy[i].Value));
        }

        Array.Sort(rendered, static (x, y) => string.CompareOrdinal(x.Name, y.Name));
        var builder = new StringBuilder();
        foreach (var (name, value) in rendered)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(name).Append("=\"");
            PrometheusText.AppendLabelValue(builder, value);
            builder.Append('"');
        }

        return new LabelSet(copy, builder.ToString());
    }

    /// <summary>Same tags, in any order. Label sets are tiny, so a nested scan beats hashing.</summary>
    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != _tags.Length)
        {
            return false;
        }

        for (var i = 0; i < tags.Length; i++)
        {
            // Fast path: callers nearly always pass tags in the same order.
            if (string.Equals(tags[i].Key, _tags[i].Key, StringComparison.Ordinal))
            {
                if (!Equals(tags[i].Value, _tags[i].Value))
                {
                    return false;
                }

                continue;
            }

            if (!Contains(tags[i]))
            {
                return false;
            }
        }

        return true;
    }

    private bool Contains(KeyValuePair<string, object?> tag)
    {
        foreach (var own in _tags)
        {
            if (string.Equals(own.Key, tag.Key, StringComparison.Ordinal))
            {
                return Equals(own.Value, tag.Value);
            }
        }

        return false;
    }
}
