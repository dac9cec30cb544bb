"""Interop check: parse a `solider synth` output with the loading code style of SeqNet (CUHK-SYSU,
PRW) and Rethinking_of_PAR (PA-100K), using scipy.io.loadmat, as the real sets are parsed.

Usage: python3 scripts/check_synth_with_scipy.py DIR   (DIR = the --output of solider synth)
"""
import os.path as osp, sys
import numpy as np
from scipy.io import loadmat

out = sys.argv[1]
root = osp.join(out, 'cuhk_sysu')
# SeqNet-style CUHK-SYSU
protoc = loadmat(osp.join(root, "annotation/test/train_test/TestG50.mat"))["TestG50"].squeeze()
q=0
for item in protoc["Query"]:
    img_name = str(item["imname"][0, 0][0]); roi = item["idlocate"][0, 0][0].astype(np.int32); q+=1
print("queries", q, img_name, roi)
gallery_imgs = [str(a[0]) for a in loadmat(osp.join(root, "annotation", "pool.mat"))["pool"].squeeze()]
all_imgs = loadmat(osp.join(root, "annotation", "Images.mat"))["Img"].squeeze()
names=[str(a[0][0]) for a in all_imgs]
print("pool", len(gallery_imgs), "all", len(names))
nb=0
for img_name, _, boxes in all_imgs:
    img_name = str(img_name[0])
    boxes = np.asarray([b[0] for b in boxes[0]])
    boxes = boxes.reshape(boxes.shape[0], 4); nb+=len(boxes)
print("boxes", nb)
train = loadmat(osp.join(root, "annotation/test/train_test/Train.mat"))["Train"].squeeze()
n=0
for index, item in enumerate(train):
    scenes = item[0, 0][2].squeeze()
    if scenes.ndim == 0: scenes = [scenes.item()]
    for img_name, box, _ in scenes:
        img_name = str(img_name[0]); box = box.squeeze().astype(np.int32); n+=1
print("train ids", len(train), "appearances", n)
for index, item in enumerate(protoc):
    im_name = str(item["Query"][0, 0][0][0]); box = item["Query"][0, 0][1].squeeze().astype(np.int32)
    gallery = item["Gallery"].squeeze()
    for im_name, box, _ in gallery:
        im_name = str(im_name[0])
        if box.size == 0: break
        box = box.squeeze().astype(np.int32)
print("protocol ok")
# PA-100K (Rethinking_of_PAR style)
pa = loadmat(osp.join(out, 'pa100k', 'annotation.mat'))
train_image_name = [pa['train_images_name'][i][0][0] for i in range(len(pa['train_images_name']))]
attr = [pa['attributes'][i][0][0] for i in range(26)]
print("pa100k", len(train_image_name), train_image_name[0], pa['train_label'].shape, attr[:3], attr[-2:])
# PRW SeqNet style
root = osp.join(out, 'prw')
data = loadmat(osp.join(root, "frame_train.mat"))["img_index_train"]
imgs=[img[0][0] + ".jpg" for img in data]
anno = loadmat(osp.join(root, "annotations", imgs[0]))
rois = anno["box_new"][:, 1:]; ids = anno["box_new"][:, 0]
print("prw", len(imgs), imgs[0], rois.shape, ids)
with open(osp.join(root,"query_info.txt"),"rb") as f: raw=f.readlines()
l=str(raw[0],"utf-8").split(" "); print("query", l[0], l[5][:-2]+".jpg")
print(loadmat(osp.join(root,"ID_test.mat"))["ID_test"].shape)
