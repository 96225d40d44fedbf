// How the topology diagram is fitted into its pane (shared by its frame and its React Flow part).

/**
 * The smallest zoom the diagram opens at: node names (12 px) stay at least 11 px on screen. A larger
 * graph (a layout-2 build has 20-odd nodes) is not shrunk to fit below it; the diagram grows in height
 * up to its MAX_HEIGHT (./diagram) and is panned sideways, and the table below has the same content.
 */
export const LEGIBLE_ZOOM = 0.92;
export const FIT = { padding: 0.08, minZoom: LEGIBLE_ZOOM, maxZoom: 1 } as const;
