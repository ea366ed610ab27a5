using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Recorder.Infrastructure.Messaging;

namespace Recorder.UnitTests.Tracing;

public sealed class TraceContextHeadersTests
{
    [Fact]
    public void The_injected_context_reads_back_as_the_remote_parent_with_its_tracestate()
    {
        using var span = new Activity("caller").SetIdFormat(ActivityIdFormat.W3C);
        span.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        span.TraceStateString = "vendor=abc";
        span.Start();
        span.AddBaggage("customer", "must-not-travel");
        var headers = new Headers { { "user_id", "u-1"u8.ToArray() } };

        TraceContextHeaders.Inject(span, headers);
        var read = TraceContextHeaders.Read(headers, out var parent);

        Assert.Equal(TraceContextRead.Valid, read);
        Assert.Equal(span.TraceId, parent.TraceId);
        Assert.Equal(span.SpanId, parent.SpanId);
        Assert.True(parent.IsRemote);
        Assert.Equal(ActivityTraceFlags.Recorded, parent.TraceFlags);
        Assert.Equal("vendor=abc", parent.TraceState);
        Assert.Equal($"00-{span.TraceId}-{span.SpanId}-01", Encoding.ASCII.GetString(headers.GetLastBytes("traceparent")));
        // Only the trace context travels: baggage would be kept with the record for the topics' retention.
        Assert.Equal(["user_id", "traceparent", "tracestate"], headers.Select(h => h.Key));
    }

    [Fact]
    public void A_record_without_traceparent_names_no_parent()
    {
        Assert.Equal(TraceContextRead.None, TraceContextHeaders.Read(new Headers { { "schema", "ipang.qa.v1"u8.ToArray() } }, out var parent));
        Assert.Equal(default, parent);
        Assert.Equal(TraceContextRead.None, TraceContextHeaders.Read(null, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a trace context")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331")]
    [InlineData("00-00000000000000000000000000000000-b7ad6b7169203331-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01")]
    [InlineData("00-0AF7651916CD43DD8448EB211C80319G-b7ad6b7169203331-01")]
    public void A_malformed_traceparent_is_invalid_and_names_no_parent(string value)
    {
        var headers = new Headers { { "traceparent", Encoding.ASCII.GetBytes(value) } };

        Assert.Equal(TraceContextRead.Invalid, TraceContextHeaders.Read(headers, out var parent));
        Assert.Equal(default, parent);
    }

    [Fact]
    public void A_traceparent_too_long_to_be_one_is_invalid_without_being_decoded()
    {
        var headers = new Headers { { "traceparent", Encoding.ASCII.GetBytes(new string('0', 100_000)) } };

        Assert.Equal(TraceContextRead.Invalid, TraceContextHeaders.Read(headers, out _));
    }

    [Fact]
    public void Names_match_case_insensitively_and_the_last_header_wins()
    {
        var headers = new Headers
        {
            { "traceparent", "00-11111111111111111111111111111111-2222222222222222-01"u8.ToArray() },
            { "TraceParent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"u8.ToArray() },
        };

        Assert.Equal(TraceContextRead.Valid, TraceContextHeaders.Read(headers, out var parent));
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", parent.TraceId.ToHexString());
        Assert.Equal(ActivityTraceFlags.None, parent.TraceFlags);
    }
}
