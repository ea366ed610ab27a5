using System.Runtime.InteropServices;
using System.Text;

namespace Kafka.MockCluster.Native;

/// <summary>
/// Owns an <c>rd_kafka_t</c>. The mock cluster needs a client instance for its bookkeeping; this one never
/// connects anywhere, it only exists so that a cluster can be created from it.
/// </summary>
internal sealed class KafkaClientHandle : SafeHandle
{
    private const int ErrorTextSize = 512;

    public KafkaClientHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    /// <summary>Creates a producer-type instance with the given configuration properties.</summary>
    public static unsafe KafkaClientHandle CreateProducer(IEnumerable<KeyValuePair<string, string>> properties)
    {
        var conf = LibrdkafkaNative.ConfNew();
        if (conf == nint.Zero)
        {
            throw new InvalidOperationException("rd_kafka_conf_new returned NULL.");
        }

        var errorText = stackalloc byte[ErrorTextSize];
        try
        {
            foreach (var (name, value) in properties)
            {
                if (LibrdkafkaNative.ConfSet(conf, name, value, errorText, ErrorTextSize) != LibrdkafkaNative.ConfOk)
                {
                    throw new ArgumentException($"librdkafka rejected {name}: {ReadText(errorText)}", nameof(properties));
                }
            }

            var client = new KafkaClientHandle();
            var raw = LibrdkafkaNative.New(LibrdkafkaNative.ProducerType, conf, errorText, ErrorTextSize);
            if (raw == nint.Zero)
            {
                throw new InvalidOperationException($"rd_kafka_new failed: {ReadText(errorText)}");
            }

            // rd_kafka_new owns the configuration from here on.
            conf = nint.Zero;
            client.SetHandle(raw);
            return client;
        }
        finally
        {
            if (conf != nint.Zero)
            {
                LibrdkafkaNative.ConfDestroy(conf);
            }
        }
    }

    protected override bool ReleaseHandle()
    {
        LibrdkafkaNative.Destroy(handle);
        return true;
    }

    private static unsafe string ReadText(byte* text) =>
        Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;
}
