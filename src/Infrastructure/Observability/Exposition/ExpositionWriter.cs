using System.Text;

namespace Recorder.Infrastructure.Observability.Exposition;

/// <summary>Writes families and samples in text format 0.0.4.</summary>
internal sealed class ExpositionWriter
{
    private readonly StringBuilder _builder;

    public ExpositionWriter(StringBuilder builder) => _builder = builder;

    public void WriteHeader(string name, string? help, MetricType type)
    {
        if (!string.IsNullOrEmpty(help))
        {
            _builder.Append("# HELP ").Append(name).Append(' ');
            PrometheusText.AppendHelp(_builder, help);
            _builder.Append('\n');
        }

        _builder.Append("# TYPE ").Append(name).Append(' ').Append(PrometheusText.TypeName(type)).Append('\n');
    }

    public void WriteSample(string name, string? suffix, LabelSet labels, string value) =>
        WriteSample(name, suffix, labels, extraLabel: null, value);

    /// <param name="extraLabel">A pre-rendered label appended after the series' own (the histogram's <c>le</c>).</param>
    public void WriteSample(string name, string? suffix, LabelSet labels, string? extraLabel, string value)
    {
        _builder.Append(name).Append(suffix);
        var hasLabels = labels.Text.Length > 0;
        if (hasLabels || extraLabel is not null)
        {
            _builder.Append('{').Append(labels.Text);
            if (extraLabel is not null)
            {
                if (hasLabels)
                {
                    _builder.Append(',');
                }

                _builder.Append(extraLabel);
            }

            _builder.Append('}');
        }

        _builder.Append(' ').Append(value).Append('\n');
    }
}
