package org.covidmtl.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ComponentsTest {

    /** Two voxels touching only at a corner: one component with 26-connectivity, two with 4-connectivity in-plane. */
    @Test
    void diagonalNeighboursJoinOnlyUnderFullConnectivity() {
        boolean[] fg = new boolean[3 * 3 * 2];
        fg[0] = true; // (0,0,0)
        fg[1 + 3 + 9] = true; // (1,1,1)
        assertThat(Components.of(fg, 3, 3, 2, Components.CONN_26).count()).isEqualTo(1);
        boolean[] plane = new boolean[9];
        plane[0] = true;
        plane[4] = true;
        assertThat(Components.of(plane, 3, 3, 1, Components.CONN_8).count()).isEqualTo(1);
        assertThat(Components.of(plane, 3, 3, 1, Components.CONN_4).count()).isEqualTo(2);
    }

    /** A U shape is one component even though raster order meets its arms first as two provisional labels. */
    @Test
    void mergesProvisionalLabelsAndCountsSizes() {
        boolean[] fg = grid("X.X..", "X.X.X", "XXX.X");
        Components c = Components.of(fg, 5, 3, 1, Components.CONN_4);
        assertThat(c.count()).isEqualTo(2);
        int u = c.labels()[0];
        assertThat(c.labels()[2]).isEqualTo(u);
        assertThat(c.size(u)).isEqualTo(7);
        assertThat(c.largest()).isEqualTo(u);
        assertThat(c.size(c.labels()[9])).isEqualTo(2);
    }

    @Test
    void aSubsetIsNumberedAsLabellingItsVoxelsAlone() {
        boolean[] fg = grid("X.X.X", "..X..", "X...X");
        Components all = Components.of(fg, 5, 3, 1, Components.CONN_4);
        assertThat(all.count()).isEqualTo(5);
        boolean[] keep = {false, false, true, false, true, true};
        Components sub = all.subset(keep);
        Components again = Components.of(sub.foreground(), 5, 3, 1, Components.CONN_4);
        assertThat(sub.labels()).isEqualTo(again.labels());
        assertThat(sub.count()).isEqualTo(3);
        for (int c = 1; c <= 3; c++) {
            assertThat(sub.size(c)).isEqualTo(again.size(c));
        }
    }

    @Test
    void refusesUnknownConnectivity() {
        assertThatThrownBy(() -> Components.of(new boolean[1], 1, 1, 1, 6)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A 5-column grid, one string a row, X = foreground. */
    private static boolean[] grid(String... rows) {
        boolean[] fg = new boolean[5 * rows.length];
        for (int j = 0; j < rows.length; j++) {
            for (int i = 0; i < 5; i++) {
                fg[i + 5 * j] = rows[j].charAt(i) == 'X';
            }
        }
        return fg;
    }
}
