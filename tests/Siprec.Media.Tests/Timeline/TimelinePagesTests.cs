using Siprec.Media.Timeline;

namespace Siprec.Media.Tests.Timeline;

public sealed class TimelinePagesTests
{
    private const int Block = 160;

    [Theory]
    [InlineData(0, 160)]
    [InlineData(3, 157)]
    [InlineData(5, 13)]
    [InlineData(152, 8)]
    [InlineData(159, 1)]
    public void StereoStretch_IsInterleavedSampleBySample(int offset, int count)
    {
        var pages = new TimelinePages(2, 4, Block);
        pages.Write(0, Block, Ramp(Block, 1));
        pages.Write(1, Block, Ramp(Block, -1));
        var output = new short[2 * count];

        pages.Interleave(Block + offset, output);

        for (int i = 0; i < count; i++)
            Assert.Equal(((short)(offset + i + 1), (short)-(offset + i + 1)), (output[2 * i], output[(2 * i) + 1]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ChannelNobodyWrote_ReadsAsSilenceBesideTheOthers(int channels)
    {
        var pages = new TimelinePages(channels, 4, Block);
        pages.Write(0, 0, Ramp(Block, 1));
        var output = new short[channels * Block];
        Array.Fill(output, (short)99);

        pages.Interleave(0, output);

        for (int i = 0; i < Block; i++)
        {
            Assert.Equal((short)(i + 1), output[i * channels]);
            for (int c = 1; c < channels; c++)
                Assert.Equal(0, output[(i * channels) + c]);
        }
    }

    [Fact]
    public void WriteAcrossABlockEdge_LandsInBothPages()
    {
        var pages = new TimelinePages(1, 4, Block);
        pages.Write(0, Block - 10, Ramp(20, 1));
        var first = new short[10];
        var second = new short[10];

        pages.Interleave(Block - 10, first);
        pages.Interleave(Block, second);

        Assert.Equal(Ramp(10, 1), first);
        Assert.Equal([.. Ramp(20, 1)[10..]], second);
    }

    [Fact]
    public void ReleasedBlock_ReadsAsSilenceAndItsPageIsReusedCleared()
    {
        var pages = new TimelinePages(1, 4, Block);
        pages.Write(0, 0, Ramp(Block, 1));
        pages.Release(0);
        pages.Write(0, (4 * Block) + 100, Ramp(10, 1));
        var output = new short[Block];

        pages.Interleave(4 * Block, output);

        Assert.Equal(1, pages.Allocated);
        Assert.All(output[..100], s => Assert.Equal(0, s));
        Assert.Equal(Ramp(10, 1), output[100..110]);
        Assert.All(output[110..], s => Assert.Equal(0, s));
    }

    [Fact]
    public void PagesFollowTheAudioHeld_NotTheRingsCapacity()
    {
        // A 2 s ring (100 blocks) with audio written 0.6 s ahead of a writer that drains every 100 ms, for 10 s.
        var pages = new TimelinePages(2, 100, Block);
        short[] packet = Ramp(Block, 1);
        long drained = 0;
        for (long block = 0; block < 500; block++)
        {
            pages.Write(0, block * Block, packet);
            pages.Write(1, block * Block, packet);
            for (; block - 30 >= drained / Block && block % 5 == 0; drained += Block)
                pages.Release(drained);
        }

        Assert.InRange(pages.Allocated, 2 * 31, 2 * 36);
    }

    private static short[] Ramp(int length, int sign) => [.. Enumerable.Range(1, length).Select(i => (short)(sign * i))];
}
